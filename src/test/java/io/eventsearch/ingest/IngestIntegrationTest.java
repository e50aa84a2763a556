package io.eventsearch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest API through HTTP, against the real OpenSearch. */
class IngestIntegrationTest {

    private final TestService service = TestService.shared();
    private final String tenant = TestService.newTenant();
    private final String token = service.token(tenant, "events:write");

    private JsonNode stored(String index, String docId) throws Exception {
        var response = TestOpenSearch.raw("GET", "/" + index + "/_doc/" + docId, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return service.mapper().readTree(response.body()).get("_source");
    }

    @Test
    void storesEventsInTheMonthlyIndexOfTheirOwnTimeStampedWithTheCallersTenant() throws Exception {
        Reply reply = service.postJson("/ingest/release-downloads?refresh=wait_for", token, """
                [{"id":"dl-1","createdAt":"2023-07-14T08:00:00Z","releaseId":"r-9","statusCode":200,
                  "releaseFileName":"app-1.2.3.dmg","location":{"ipAddress":"10.1.2.3"}}]""");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("created").asInt()).isEqualTo(1);
        assertThat(reply.json().at("/items/0/status").asText()).isEqualTo("created");
        assertThat(reply.json().at("/items/0/id").asText()).isEqualTo("dl-1");

        JsonNode source = stored("events-release-downloads-2023.07", tenant + ":dl-1");
        assertThat(source.get("tenant").asText()).isEqualTo(tenant);
        assertThat(source.get("releaseFileName").asText()).isEqualTo("app-1.2.3.dmg");
        assertThat(source.get("createdAt").asText()).isEqualTo("2023-07-14T08:00:00Z");
    }

    @Test
    void aResentEventIsStoredOnceAndReportedAsAlreadyPresent() throws Exception {
        String batch = "[{\"id\":\"a-1\",\"eventTime\":\"2024-01-05T10:00:00Z\",\"action\":\"login\"}]";
        assertThat(service.postJson("/ingest/audit?refresh=wait_for", token, batch).json().at("/items/0/status").asText())
                .isEqualTo("created");
        Reply again = service.postJson("/ingest/audit?refresh=wait_for", token, batch);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().at("/items/0/status").asText()).isEqualTo("already_present");
        assertThat(again.json().get("alreadyPresent").asInt()).isEqualTo(1);

        var count = TestOpenSearch.raw("POST", "/events-audit/_count",
                "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"tenant\":\"" + tenant + "\"}},{\"term\":{\"id\":\"a-1\"}}]}}}");
        assertThat(service.mapper().readTree(count.body()).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void theSameIdUnderTwoTenantsIsTwoEvents() throws Exception {
        String other = TestService.newTenant();
        String batch = "[{\"id\":\"shared-id\",\"eventTime\":\"2024-01-05T10:00:00Z\",\"action\":\"x\"}]";
        assertThat(service.postJson("/ingest/audit", token, batch).json().at("/items/0/status").asText())
                .isEqualTo("created");
        assertThat(service.postJson("/ingest/audit", service.token(other, "events:write"), batch)
                .json().at("/items/0/status").asText()).isEqualTo("created");
        assertThat(stored("events-audit-2024.01", tenant + ":shared-id").get("tenant").asText()).isEqualTo(tenant);
        assertThat(stored("events-audit-2024.01", other + ":shared-id").get("tenant").asText()).isEqualTo(other);
    }

    @Test
    void rejectsBadEventsOneByOneAndStoresTheRest() {
        Reply reply = service.postJson("/ingest/api-usage", token, """
                [{"id":"u-1","type":"queue_created","stored_at":1657027948150,"queue":{"id":"q1","name":"orders"}},
                 {"id":"u-2","stored_at":"not a time"},
                 {"id":"u-3","tenant":"someone-else"},
                 {"id":"u-4","queue":{"size":3}}]""");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode items = reply.json().get("items");
        assertThat(items.get(0).get("status").asText()).isEqualTo("created");
        assertThat(items.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(items.get(1).get("reason").asText()).contains("'stored_at'");
        assertThat(items.get(2).get("reason").asText()).contains("'tenant'");
        assertThat(items.get(3).get("reason").asText()).contains("unknown field 'queue.size'");
        assertThat(items.get(3).get("id").asText()).isEqualTo("u-4");
        assertThat(reply.json().get("rejected").asInt()).isEqualTo(3);
    }

    @Test
    void acceptsNdjsonAndAssignsDecimalHubIdsWrittenAsStrings() {
        Reply reply = service.post("/ingest/hub", token, "application/x-ndjson",
                "{\"type\":\"USER_CREATED\",\"timestamp\":1700000000000}\n{\"type\":\"ROLE_DELETED\"}\n");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode first = reply.json().at("/items/0/id");
        JsonNode second = reply.json().at("/items/1/id");
        assertThat(first.isTextual()).isTrue();
        assertThat(first.asText()).matches("[1-9][0-9]*");
        assertThat(Long.parseLong(second.asText())).isNotEqualTo(Long.parseLong(first.asText()));
    }

    @Test
    void badRequestsAnswerInTheIngestErrorShape() {
        Reply malformed = service.postJson("/ingest/audit", token, "[{\"action\": }]");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/message").asText()).contains("malformed JSON at line 1, column");

        Reply unknownStream = service.postJson("/ingest/nope", token, "[{}]");
        assertThat(unknownStream.status()).isEqualTo(404);
        assertThat(unknownStream.json().at("/error/message").asText()).contains("unknown stream 'nope'");

        Reply badRefresh = service.postJson("/ingest/audit?refresh=true", token, "[{}]");
        assertThat(badRefresh.status()).isEqualTo(400);
        assertThat(badRefresh.json().at("/error/parameter").asText()).isEqualTo("refresh");

        Reply unknownParameter = service.postJson("/ingest/audit?tenant=other", token, "[{}]");
        assertThat(unknownParameter.status()).isEqualTo(400);
        assertThat(unknownParameter.json().at("/error/parameter").asText()).isEqualTo("tenant");

        Reply form = service.post("/ingest/audit", token, "text/plain", "hello");
        assertThat(form.status()).isEqualTo(415);

        Reply get = service.get("/ingest/audit", token);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
        assertThat(get.json().at("/error/status").asInt()).isEqualTo(405);

        Reply empty = service.postJson("/ingest/audit", token, "[]");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().at("/error/message").asText()).contains("no events");
    }

    @Test
    void countsIngestedAndRejectedEventsPerStreamInTheMetrics() {
        service.postJson("/ingest/hub", token, "[{\"type\":\"A\"},{\"bogus\":1}]");
        String metrics = service.get("/observe/metrics", null).body();
        assertThat(metrics).containsPattern("events_ingested_total\\{[^}]*stream=\"hub\"[^}]*} [1-9]")
                .containsPattern("events_rejected_total\\{[^}]*stream=\"hub\"[^}]*} [1-9]")
                .containsPattern("ingest_batch_events_count\\{[^}]*stream=\"hub\"[^}]*} [1-9]")
                .containsPattern("opensearch_request_duration_seconds_count\\{[^}]*operation=\"_bulk\"[^}]*} [1-9]");
    }

    @Test
    void healthReportsOpenSearchAndTheGeoIpDatabase() {
        TestService.Reply health = service.get("/observe/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"opensearch\"").contains("GeoLite2-City");
    }

    @Test
    void refusesBodiesOverTheByteCap() {
        try (TestService small = TestService.start(java.util.Map.of("ingest.limit.bytes", "64"))) {
            Reply reply = small.postJson("/ingest/audit", small.token(tenant, "events:write"),
                    "[{\"action\":\"" + "x".repeat(100) + "\"}]");
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.json().at("/error/message").asText()).contains("larger than 64 bytes");
        }
    }

    @Test
    void refusesBatchesOverTheCap() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            batch.append(i == 0 ? "" : ",").append("{}");
        }
        Reply reply = service.postJson("/ingest/audit", token, batch.append("]").toString());
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().at("/error/message").asText()).contains("at most 1000 events");
    }

    @Test
    void aBatchSplitIntoSeveralBulkRequestsAnswersEveryEventInItsPlace() {
        try (TestService split = TestService.start(java.util.Map.of("ingest.bulk.events", "2"))) {
            String writer = split.token(tenant, "events:write");
            split.postJson("/ingest/audit?refresh=wait_for", writer, "[{\"id\":\"s-2\",\"action\":\"first\"}]");
            Reply reply = split.postJson("/ingest/audit?refresh=wait_for", writer, """
                    [{"id":"s-1","action":"a"},{"id":"s-2","action":"again"},{"bogus":1},{"action":"drawn"},
                     {"id":"s-5","action":"b"},{"id":"s-6","action":"c"},{"id":"s-7","action":"d"}]""");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode items = reply.json().get("items");
            assertThat(items).extracting(item -> item.get("status").asText()).containsExactly(
                    "created", "already_present", "rejected", "created", "created", "created", "created");
            assertThat(items).extracting(item -> item.get("position").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6);
            assertThat(items.get(4).get("id").asText()).isEqualTo("s-5");
            assertThat(reply.json().get("created").asInt()).isEqualTo(5);

            Reply stored = split.get("/api/events?limit=100", split.token(tenant, "events:read"));
            assertThat(stored.json().at("/total/value").asInt()).as(stored.body()).isEqualTo(6);
        }
    }
}
