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
 * next links with keyset cursors, API keys) works on the other, page for page.
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
}
