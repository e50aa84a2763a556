package io.eventsearch;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances against one cluster, as behind a load balancer: what a client holds from one (Link headers,
 * next links with keyset cursors, search cursors, API keys) works on the other, page for page; what each instance
 * counts on its own (the per-key rate limit, the API-key cache) stays within the bounds README states.
 */
class TwoInstancesIntegrationTest {

    private static final TestService FIRST = TestService.shared();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Test
    void linksAndCursorsFromOneInstanceWorkOnTheOther() throws Exception {
        TestService second = TestService.start(Map.of(), FIRST.jwkSet()); // one identity provider for both
        try {
            String tenant = TestService.newTenant();
            StringBuilder downloads = new StringBuilder("[");
            for (int i = 0; i < 25; i++) {
                downloads.append(i == 0 ? "" : ",").append("{\"id\":\"d").append(100 + i)
                        .append("\",\"createdAt\":\"2024-09-01T00:00:").append(10 + i).append("Z\"}");
            }
            Reply stored = FIRST.postJson("/ingest/release-downloads?refresh=wait_for",
                    FIRST.token(tenant, "events:write"), downloads.append(']').toString());
            assertThat(stored.json().get("created").asInt()).isEqualTo(25);

            // Release downloads: follow the Link header, alternating instances; the same tokens work on both.
            String read = FIRST.token(tenant, "releaseDownloadEvent:read");
            List<String> walked = new ArrayList<>();
            String next = "/v3/release-download-events?limit=10";
            for (int hop = 0; next != null; hop++) {
                Reply page = (hop % 2 == 0 ? FIRST : second).get(next, read);
                walked.addAll(page.ids());
                Matcher link = NEXT.matcher(page.header("Link"));
                next = link.find() ? link.group(1) : null;
            }
            assertThat(walked).hasSize(25).doesNotHaveDuplicates().first().isEqualTo("d100");

            // API usage: a key made on the first instance, next links followed on the second.
            String key = FIRST.postJson("/admin/api-keys", FIRST.token(tenant, "apiKeys:write"), "{\"name\":\"lb\"}")
                    .json().get("key").asText();
            StringBuilder usage = new StringBuilder("[");
            for (int i = 0; i < 5; i++) {
                usage.append(i == 0 ? "" : ",").append("{\"id\":\"u").append(i).append("\",\"type\":\"queue_created\"}");
            }
            FIRST.postJson("/ingest/api-usage?refresh=wait_for", FIRST.token(tenant, "events:write"), usage + "]");
            List<String> events = new ArrayList<>();
            String href = "/v1/events?events=queues&limit=2";
            for (int hop = 0; hop < 10; hop++) {
                TestService instance = hop % 2 == 0 ? second : FIRST;
                Reply page = instance.send(HttpRequest.newBuilder(instance.uri(href)).header("X-API-KEY", key).GET(), null);
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                page.json().get("events").forEach(e -> events.add(e.get("id").asText()));
                if (page.json().get("events").isEmpty()) {
                    break;
                }
                href = page.json().at("/_links/next/href").asText();
            }
            assertThat(events).containsExactly("u0", "u1", "u2", "u3", "u4");
        } finally {
            second.close();
        }
    }

    @Test
    void aSearchCursorFromOneInstanceContinuesOnTheOther() {
        TestService second = TestService.start(Map.of(), FIRST.jwkSet());
        try {
            String tenant = TestService.newTenant();
            StringBuilder audit = new StringBuilder("[");
            for (int i = 0; i < 9; i++) {
                audit.append(i == 0 ? "" : ",").append("{\"id\":\"a").append(i)
                        .append("\",\"eventTime\":").append(1_725_148_800_000L + i).append(",\"action\":\"moved\"}");
            }
            FIRST.postJson("/ingest/audit?refresh=wait_for", FIRST.token(tenant, "events:write"), audit + "]");
            String read = FIRST.token(tenant, "events:read");
            List<String> walked = new ArrayList<>();
            Reply page = FIRST.get("/api/events?q=stream:audit&sort=time&limit=2", read);
            for (int hop = 1; ; hop++) {
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                page.json().get("events").forEach(hit -> walked.add(hit.get("id").asText()));
                if (!page.json().has("cursor")) {
                    break;
                }
                page = (hop % 2 == 1 ? second : FIRST).get(page.json().get("next").asText(), read);
            }
            assertThat(walked).containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8");
        } finally {
            second.close();
        }
    }

    /**
     * The rate limit is counted by each instance: behind two instances a key gets at most twice the limit in a
     * minute, never more. A key revoked on one instance stops working on the other within the cache bound.
     */
    @Test
    void perInstanceLimitsHoldWithinTheirStatedBounds() throws Exception {
        Map<String, String> settings = Map.of("usage.rate.limit", "3", "auth.apikey.cache", "PT1S");
        TestService one = TestService.start(settings, FIRST.jwkSet());
        TestService two = TestService.start(settings, FIRST.jwkSet());
        try {
            String tenant = TestService.newTenant();
            String admin = one.token(tenant, "apiKeys:write");
            Reply created = one.postJson("/admin/api-keys", admin, "{\"name\":\"limits\"}");
            String key = created.json().get("key").asText();
            int served = 0;
            int refused = 0;
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                TestService instance = i % 2 == 0 ? one : two;
                Reply page = instance.send(HttpRequest.newBuilder(instance.uri("/v1/events?events=queues&limit=1"))
                        .header("X-API-KEY", key).GET(), null);
                if (page.status() == 200) {
                    served++;
                } else {
                    assertThat(page.status()).as(page.body()).isEqualTo(429);
                    assertThat(page.header("Retry-After")).isNotBlank();
                    refused++;
                }
            }
            // A burst of three per instance, then one more per instance every 20 s (the bucket refills evenly).
            long refilled = (System.nanoTime() - started) / 20_000_000_000L;
            assertThat(served).as("three per instance, never more").isBetween(6, (int) (6 + 2 * refilled));
            assertThat(refused).isEqualTo(10 - served).isPositive();

            String id = one.get("/admin/api-keys", admin).json().at("/keys/0/id").asText();
            assertThat(one.send(HttpRequest.newBuilder(one.uri("/admin/api-keys/" + id)).DELETE(), admin).status())
                    .isEqualTo(204);
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
            int status = 0;
            while (status != 401 && java.time.Instant.now().isBefore(deadline)) {
                status = two.send(HttpRequest.newBuilder(two.uri("/v1/events?events=queues&limit=1"))
                        .header("X-API-KEY", key).GET(), null).status();
            }
            assertThat(status).as("the revoked key refused by the other instance").isEqualTo(401);
        } finally {
            one.close();
            two.close();
        }
    }
}
