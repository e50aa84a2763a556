package io.eventsearch.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.PushbackRelay;
import io.eventsearch.testing.RetryingProducer;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSearch pushing back and slow to answer, through a relay that does it on purpose: only the items it pushed back
 * are sent again, every event is answered exactly and stored once, and an answer that comes later than the configured
 * response timeout costs no event and doubles none, whether the producer named the ids or the service drew them.
 */
class PushbackIntegrationTest {

    private static final int PRODUCERS = 2;
    private static final int BATCHES = 6;
    private static final int BATCH_SIZE = 250;

    @Test
    void onlyPushedBackItemsAreSentAgainAndEveryEventIsStoredOnce() throws Exception {
        try (PushbackRelay relay = new PushbackRelay(TestOpenSearch.url(), 4, 3, false);
             TestService service = TestService.start(Map.of("opensearch.url", relay.uri().toString(),
                     "opensearch.retry.attempts", "6", "opensearch.retry.backoff.first", "50",
                     "opensearch.retry.backoff.max", "400"))) {
            String tenant = TestService.newTenant();
            RetryingProducer producer = new RetryingProducer(service.uri("/ingest/audit"),
                    service.token(tenant, "events:write"));
            ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS);
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                for (int b = 0; b < BATCHES; b++) {
                    String batch = auditBatch("p" + p + "-b" + b + "-", BATCH_SIZE, true);
                    sent.add(threads.submit(() -> producer.send(batch)));
                }
            }
            List<String> acknowledged = new ArrayList<>();
            for (Future<List<String>> batch : sent) {
                acknowledged.addAll(batch.get());
            }
            threads.shutdown();
            int events = PRODUCERS * BATCHES * BATCH_SIZE;

            assertThat(relay.refusedRequests()).as("whole requests refused").isPositive();
            assertThat(relay.pushedBackItems()).as("items pushed back").isPositive();
            assertThat(producer.retries()).as("the service retried by itself; no batch came back 503").isZero();
            assertThat(acknowledged).hasSize(events).doesNotHaveDuplicates();
            Map<String, Integer> passedOn = relay.passedOn();
            assertThat(passedOn).hasSize(events);
            assertThat(passedOn.values()).as("an item OpenSearch took is never sent again").containsOnly(1);
            assertThat(storedCount(tenant)).isEqualTo(events);
            assertThat(service.get("/observe/metrics", null).body())
                    .containsPattern("opensearch_request_errors_total\\{kind=\"429\",operation=\"_bulk\"[^}]*} [1-9]")
                    .containsPattern("events_write_retried_total\\{[^}]*stream=\"audit\"[^}]*} [1-9]");
        }
    }

    @Test
    void anAnswerLaterThanTheTimeoutCostsNoEventAndDoublesNone() throws Exception {
        // The first attempt of each batch is carried out, its answer held until the service, past its timeout, has
        // sent the batch again; the second attempt is answered at once.
        try (PushbackRelay relay = new PushbackRelay(TestOpenSearch.url(), 0, 0, true);
             TestService service = TestService.start(Map.of("opensearch.url", relay.uri().toString(),
                     "opensearch.timeout.response", "1000", "opensearch.retry.backoff.first", "50"))) {
            String tenant = TestService.newTenant();
            String token = service.token(tenant, "events:write");

            Reply drawn = service.postJson("/ingest/audit", token, auditBatch("", 100, false));
            assertThat(drawn.status()).as(drawn.body()).isEqualTo(200);
            assertThat(drawn.json().get("items")).allSatisfy(item -> assertThat(item.get("status").asText())
                    .isEqualTo("created"));
            List<String> drawnIds = new ArrayList<>();
            drawn.json().get("items").forEach(item -> drawnIds.add(item.get("id").asText()));
            assertThat(drawnIds).doesNotHaveDuplicates();

            Reply named = service.postJson("/ingest/audit", token, auditBatch("named-", 100, true));
            assertThat(named.status()).as(named.body()).isEqualTo(200);
            assertThat(named.json().get("items")).allSatisfy(item -> assertThat(item.get("status").asText())
                    .as("stored by the attempt whose answer came late, so created, not already present")
                    .isEqualTo("created"));

            assertThat(relay.lateAnswers()).as("both batches' first answers came too late").isEqualTo(2);
            assertThat(storedCount(tenant)).as("every event once, none twice").isEqualTo(200);
            JsonNode stored = storedIds(tenant);
            List<String> storedIds = new ArrayList<>();
            stored.forEach(hit -> storedIds.add(hit.at("/_source/id").asText()));
            assertThat(storedIds).containsAll(drawnIds);
            assertThat(service.get("/observe/metrics", null).body()).as("a timeout is counted as a failed exchange")
                    .containsPattern("opensearch_request_errors_total\\{kind=\"connection\",operation=\"_bulk\"[^}]*} [1-9]");
        }
    }

    private static String auditBatch(String idPrefix, int size, boolean withIds) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            batch.append(i == 0 ? "" : ",").append('{');
            if (withIds) {
                batch.append("\"id\":\"").append(idPrefix).append(i).append("\",");
            }
            batch.append("\"eventTime\":").append(1_709_251_200_000L + i)
                    .append(",\"appId\":\"pushback\",\"action\":\"write\"}");
        }
        return batch.append(']').toString();
    }

    private static long storedCount(String tenant) throws Exception {
        TestOpenSearch.raw("POST", "/events-audit-*/_refresh", null);
        String body = "{\"query\":{\"term\":{\"tenant\":\"" + tenant + "\"}}}";
        return TestService.shared().mapper().readTree(TestOpenSearch.raw("POST", "/events-audit-*/_count", body).body())
                .get("count").asLong();
    }

    private static JsonNode storedIds(String tenant) throws Exception {
        String body = "{\"size\":1000,\"_source\":[\"id\"],\"query\":{\"term\":{\"tenant\":\"" + tenant + "\"}}}";
        return TestService.shared().mapper().readTree(TestOpenSearch.raw("POST", "/events-audit-*/_search", body).body())
                .at("/hits/hits");
    }
}
