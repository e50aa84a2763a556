package io.eventsearch;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.RetryingProducer;
import io.eventsearch.testing.ServiceProcess;
import io.eventsearch.testing.TestKeys;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service killed with SIGKILL in the middle of ingest by producers that retry until acknowledged, then started
 * again: every acknowledged event is stored, exactly once, reconciled by id against OpenSearch.
 */
class ServiceKillIntegrationTest {

    static final int PRODUCERS = 3;
    static final int BATCHES = 20;
    static final int BATCH_SIZE = 100;

    /** Batch {@code batch} of producer {@code producer}: ids unique across producers, times in one month. */
    static String batch(int producer, int batch, String action) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < BATCH_SIZE; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(producer).append("-b").append(batch)
                    .append("-e").append(i).append("\",\"eventTime\":\"2024-07-0").append(producer + 1)
                    .append("T10:00:00Z\",\"action\":\"").append(action).append("\"}");
        }
        return events.append(']').toString();
    }

    /** How many of the tenant's events OpenSearch holds, and the ids it holds more than once. */
    static JsonNode stored(String tenant) throws IOException {
        TestOpenSearch.raw("POST", "/events-audit/_refresh", null);
        return Json.mapper().readTree(TestOpenSearch.raw("POST", "/events-audit/_search", """
                {"size":0,"track_total_hits":true,"query":{"term":{"tenant":"%s"}},
                 "aggs":{"twice":{"terms":{"field":"id","min_doc_count":2,"size":10}}}}""".formatted(tenant)).body());
    }

    @Test
    void acknowledgedEventsSurviveASigkillOfTheServiceExactlyOnce() throws Exception {
        var jwk = TestKeys.newJwkSet("kill-test");
        String tenant = TestService.newTenant();
        String token = TestKeys.issuer(jwk).issue("producer", tenant, "events:write", Duration.ofMinutes(30));
        ServiceProcess service = new ServiceProcess(TestOpenSearch.url(), jwk).start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch enoughBeforeTheKill = new CountDownLatch(PRODUCERS * BATCH_SIZE * 3);
        RetryingProducer producer = new RetryingProducer(service.uri("/ingest/audit"), token);
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int number = p;
                running.add(producers.submit(() -> {
                    for (int b = 0; b < BATCHES; b++) {
                        for (String id : producer.send(batch(number, b, "service-kill"))) {
                            acknowledged.add(id);
                            enoughBeforeTheKill.countDown();
                        }
                    }
                    return null;
                }));
            }
            assertThat(enoughBeforeTheKill.await(60, TimeUnit.SECONDS)).isTrue();
            service.kill(); // batches in flight
            service.start();
            for (Future<?> running1 : running) {
                running1.get(180, TimeUnit.SECONDS);
            }
        } finally {
            producers.shutdownNow();
            service.stop();
        }

        assertThat(producer.retries()).as("batches sent again after the kill").isPositive();
        assertThat(acknowledged).hasSize(PRODUCERS * BATCHES * BATCH_SIZE);
        JsonNode stored = stored(tenant);
        // Every event the producers made was acknowledged; as many are stored and none twice, so each acknowledged
        // event is stored exactly once. (A cardinality count would be approximate: it is not used.)
        assertThat(stored.at("/hits/total/value").asLong()).as("stored").isEqualTo(acknowledged.size());
        assertThat(stored.at("/aggregations/twice/buckets")).as("no id stored twice").isEmpty();
    }
}
