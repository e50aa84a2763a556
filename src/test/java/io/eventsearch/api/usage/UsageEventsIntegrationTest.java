package io.eventsearch.api.usage;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v1/events and the API keys behind it, against the real OpenSearch, on two service instances. */
class UsageEventsIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    /** A second instance against the same cluster, trusting key lookups for no time at all. */
    private static final TestService OTHER = TestService.start(Map.of("auth.apikey.cache", "PT0S"));
    private static final String TENANT = TestService.newTenant();
    private static final String ADMIN = SERVICE.token(TENANT, "apiKeys:write events:write");
    private static final Instant NOW = Instant.now();
    private static String key;
    private static String keyId;

    @BeforeAll
    static void createKeyAndEvents() {
        Reply created = SERVICE.postJson("/admin/api-keys", ADMIN, "{\"name\":\"reporting\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        key = created.json().get("key").asText();
        keyId = created.json().get("id").asText();
        String events = """
                [{"id":"u1","type":"queue_created","stored_at":%d,"queue":{"id":"q-1","name":"orders"},"client":{"id":"c-1"}},
                 {"id":"u2","type":"message_published","stored_at":%d,"message":{"id":"m-1","name":"hello"},"queue":{"id":"q-1","name":"orders"}},
                 {"id":"u3","type":"listener_added","stored_at":%d,"listener":{"id":"l-1","name":"webhook"}},
                 {"id":"u4","type":"queue_deleted","stored_at":%d,"queue":{"id":"q-2","name":"old"}},
                 {"id":"u0","type":"queue_created","stored_at":%d,"queue":{"id":"q-0","name":"ancient"}}]"""
                .formatted(NOW.minusSeconds(3 * 3600).toEpochMilli(), NOW.minusSeconds(2 * 3600).toEpochMilli(),
                        NOW.minusSeconds(2 * 3600).toEpochMilli(), NOW.minusSeconds(3600).toEpochMilli(),
                        NOW.minus(Duration.ofHours(25)).toEpochMilli());
        Reply stored = SERVICE.postJson("/ingest/api-usage?refresh=wait_for", ADMIN, events);
        assertThat(stored.json().get("created").asInt()).as(stored.body()).isEqualTo(5);
        SERVICE.postJson("/ingest/api-usage?refresh=wait_for", SERVICE.token(TestService.newTenant(), "events:write"),
                "[{\"id\":\"u2\",\"type\":\"queue_created\",\"stored_at\":" + NOW.minusSeconds(60).toEpochMilli() + "}]");
    }

    @AfterAll
    static void stopTheSecondInstance() {
        OTHER.close();
    }

    private static Reply usage(TestService service, String query, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri("/v1/events" + query)).GET();
        if (apiKey != null) {
            request.header("X-API-KEY", apiKey);
        }
        return service.send(request, null);
    }

    private static List<String> ids(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("events").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    @Test
    void listsThePast24HoursOfTheKeysTenantOldestFirstInTheSeedsShape() {
        Reply reply = usage(SERVICE, "", key);
        List<String> ids = ids(reply);
        assertThat(ids.subList(0, 4)).containsExactly("u1", "u2", "u3", "u4");
        assertThat(ids).doesNotContain("u0").hasSize(5);
        JsonNode added = reply.json().get("events").get(4);
        assertThat(added.get("type").asText()).isEqualTo("api_key_added");
        assertThat(added.at("/api_key/id").asText()).isEqualTo(keyId);
        assertThat(added.at("/api_key/name").asText()).isEqualTo("reporting");
        assertThat(reply.json().get("events").get(1).toString()).isEqualTo(("{\"id\":\"u2\",\"type\":\"message_published\","
                + "\"stored_at\":%d,\"client\":null,\"message\":{\"id\":\"m-1\",\"name\":\"hello\"},\"api_key\":null,"
                + "\"queue\":{\"id\":\"q-1\",\"name\":\"orders\"},\"listener\":null}")
                .formatted(NOW.minusSeconds(2 * 3600).toEpochMilli()));
        assertThat(reply.json().at("/_links/self/href").asText()).isEqualTo("/v1/events");
    }

    @ParameterizedTest(name = "events={0}")
    @CsvSource({"queues, 'u1,u4'", "messages, u2", "listeners, u3", "all, 'u1,u2,u3,u4'"})
    void selectsEventsByTheirTypesFamily(String family, String expected) {
        List<String> ids = ids(usage(SERVICE, "?events=" + family, key));
        assertThat(ids.stream().filter(id -> id.startsWith("u")).toList()).containsExactly(expected.split(","));
    }

    @Test
    void theApiKeysFamilyHoldsTheKeysOwnChanges() {
        Reply reply = usage(SERVICE, "?events=api_keys", key);
        assertThat(reply.json().get("events")).allSatisfy(e -> assertThat(e.get("type").asText()).startsWith("api_key_"));
        assertThat(reply.json().get("events")).isNotEmpty();
    }

    @Test
    void aKeysetWalkSeesEveryEventExactlyOnceWhileNewOnesArrive() {
        Set<String> seen = new LinkedHashSet<>();
        List<String> walked = new ArrayList<>();
        String next = "/v1/events?limit=2&events=queues";
        boolean added = false;
        for (int step = 0; step < 20; step++) {
            Reply page = usage(SERVICE, next.substring("/v1/events".length()), key);
            List<String> ids = ids(page);
            walked.addAll(ids);
            seen.addAll(ids);
            next = page.json().at("/_links/next/href").asText();
            if (!added) {
                // New events arrive while the client walks: they come after everything already stored.
                Reply late = SERVICE.postJson("/ingest/api-usage?refresh=wait_for", ADMIN,
                        "[{\"id\":\"late-1\",\"type\":\"queue_created\"},{\"id\":\"late-2\",\"type\":\"queue_created\"}]");
                assertThat(late.json().get("created").asInt()).isEqualTo(2);
                added = true;
            }
            if (ids.isEmpty()) {
                break;
            }
        }
        assertThat(walked).containsExactly("u1", "u4", "late-1", "late-2");
        assertThat(seen).hasSameSizeAs(walked);
        assertThat(next).contains("startAfterId=late-2").contains("limit=2").contains("events=queues");
    }

    @Test
    void prettyPrintsOnRequest() {
        assertThat(usage(SERVICE, "?pretty=true&limit=1", key).body()).contains("\n  \"events\" : [");
        assertThat(usage(SERVICE, "?limit=1", key).body()).doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "startAfter=1700000000000           | startAfterId",
        "startAfterId=u1                    | startAfter",
        "startAfter=yesterday&startAfterId=u1 | startAfter",
        "events=topics                      | events",
        "limit=0                            | limit",
        "limit=1001                         | limit",
        "pretty=yes                         | pretty",
        "page=2                             | page",
    })
    void aMalformedParameterIsA400ProblemNamingIt(String query, String parameter) {
        Reply reply = usage(SERVICE, "?" + query, key);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("title").asText()).isEqualTo("Bad Request");
        assertThat(reply.json().get("status").asInt()).isEqualTo(400);
        assertThat(reply.json().get("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void aMissingUnknownOrForeignCredentialIs401() {
        for (String credential : new String[] {null, "", "esk_unknown", "x".repeat(300)}) {
            Reply reply = usage(SERVICE, "", credential);
            assertThat(reply.status()).as(reply.body()).isEqualTo(401);
            assertThat(reply.json().get("title").asText()).isEqualTo("Unauthorized");
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("ApiKey");
        }
        Reply bearer = SERVICE.get("/v1/events", SERVICE.token(TENANT, "apiKeys:write hubEvent:read"));
        assertThat(bearer.status()).as("a JWT opens nothing here").isEqualTo(401);
    }

    @Test
    void everyStatusUnderV1IsAProblem() {
        Reply unknown = usage(SERVICE, "/nothing", key);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("title").asText()).isEqualTo("Not Found");
        Reply post = SERVICE.send(HttpRequest.newBuilder(SERVICE.uri("/v1/events")).header("X-API-KEY", key)
                .POST(HttpRequest.BodyPublishers.ofString("{}")), null);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().get("title").asText()).isEqualTo("Method Not Allowed");
    }

    @Test
    void keysWorkOnEveryInstanceAndARevokedKeyStopsOnEvery() {
        String tenant = TestService.newTenant();
        Reply created = OTHER.postJson("/admin/api-keys", OTHER.token(tenant, "apiKeys:write"), "{\"name\":\"shared\"}");
        String shared = created.json().get("key").asText();
        assertThat(usage(SERVICE, "", shared).status()).isEqualTo(200); // created on OTHER, used on SERVICE
        assertThat(usage(OTHER, "", shared).status()).isEqualTo(200);

        Reply revoked = SERVICE.send(HttpRequest.newBuilder(SERVICE.uri("/admin/api-keys/" + created.json().get("id")
                .asText())).DELETE(), SERVICE.token(tenant, "apiKeys:write"));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        assertThat(usage(OTHER, "", shared).status()).isEqualTo(401); // OTHER trusts no lookup for long
        // SERVICE trusted its lookup for auth.apikey.cache (5 s): the key stops working there within that bound.
        Instant deadline = Instant.now().plusSeconds(15);
        int status = 200;
        while ((status == 200 || status == 429) && Instant.now().isBefore(deadline)) { // 429: accepted, over budget
            status = usage(SERVICE, "", shared).status();
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void aKeyThatExceedsItsRateGets429WithRetryAfter() {
        TestService limited = TestService.start(Map.of("usage.rate.limit", "3"));
        try {
            String tenant = TestService.newTenant();
            String own = limited.postJson("/admin/api-keys", limited.token(tenant, "apiKeys:write"),
                    "{\"name\":\"busy\"}").json().get("key").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(usage(limited, "", own).status()).isEqualTo(200);
            }
            Reply refused = usage(limited, "", own);
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.json().get("title").asText()).isEqualTo("Too Many Requests");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
            assertThat(usage(limited, "", key).status()).as("another key has its own budget").isEqualTo(200);
        } finally {
            limited.close();
        }
    }
}
