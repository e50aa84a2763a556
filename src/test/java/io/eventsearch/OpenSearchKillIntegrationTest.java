package io.eventsearch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.AuditProducers;
import io.eventsearch.testing.LocalNode;
import io.eventsearch.testing.RetryingProducer;
import io.eventsearch.testing.ServiceProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSearch killed with SIGKILL three times during concurrent ingest and search, on a node of this test's own:
 * searches answer 200 or 503, never another 5xx; producers that retry get everything acknowledged; and after a last
 * SIGKILL once all is acknowledged, the node holds every acknowledged event exactly once: acknowledged means durable.
 */
class OpenSearchKillIntegrationTest {

    private static final int NODE_PORT = 9280;
    private static final int KILLS_DURING_INGEST = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void acknowledgedEventsSurviveSigkillsOfOpenSearchAndSearchesNeverFailOtherwise() throws Exception {
        AuditProducers.Tenant tenant = AuditProducers.newTenant("os-kill-test");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> searchStatuses = new ConcurrentHashMap<>();
        int events = AuditProducers.EVENTS;

        try (LocalNode node = new LocalNode(NODE_PORT)) {
            URI url = node.start();
            ServiceProcess service = new ServiceProcess(url, tenant.jwk()).start();
            RetryingProducer producer = new RetryingProducer(service.uri("/ingest/audit"), tenant.write());
            // The kills come after 1/7, 3/7 and 5/7 of the events are acknowledged, so ingest runs between them.
            List<CountDownLatch> killPoints = new ArrayList<>();
            for (int kill = 0; kill < KILLS_DURING_INGEST; kill++) {
                killPoints.add(new CountDownLatch(events * (2 * kill + 1) / 7));
            }
            AtomicBoolean ingesting = new AtomicBoolean(true);
            ExecutorService threads = Executors.newFixedThreadPool(AuditProducers.PRODUCERS + 1);
            try {
                Future<?> searcher = threads.submit(() -> {
                    while (ingesting.get()) {
                        HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(service.uri("/audit/events?limit=10"))
                                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + tenant.read()).build(),
                                HttpResponse.BodyHandlers.discarding());
                        searchStatuses.merge(answer.statusCode(), 1, Integer::sum);
                    }
                    return null;
                });
                List<Future<?>> producers = AuditProducers.start(threads, producer, "opensearch-kill", acknowledged,
                        killPoints);
                for (CountDownLatch killPoint : killPoints) {
                    assertThat(killPoint.await(180, TimeUnit.SECONDS)).isTrue();
                    node.kill(); // bulk requests and searches in flight
                    node.start();
                }
                for (Future<?> running : producers) {
                    running.get(300, TimeUnit.SECONDS);
                }
                ingesting.set(false);
                searcher.get(60, TimeUnit.SECONDS);
            } finally {
                ingesting.set(false);
                threads.shutdownNow();
                service.stop();
            }
            System.out.println("opensearch kill: " + producer.retries() + " batch sends repeated, " + acknowledged.size()
                    + " events acknowledged");
            assertThat(producer.retries()).as("batches sent again while OpenSearch was down").isPositive();
            assertThat(acknowledged).hasSize(events);

            node.kill(); // everything acknowledged: a crash now must lose nothing
            node.start();
            JsonNode stored = AuditProducers.stored(url, tenant.name());
            assertThat(stored.at("/hits/total/value").asLong()).as("stored after the crash").isEqualTo(events);
            assertThat(stored.at("/aggregations/twice/buckets")).as("no id stored twice").isEmpty();
        }
        System.out.println("opensearch kill: search answers by status " + searchStatuses);
        assertThat(searchStatuses.keySet()).as("search answers during the crash: " + searchStatuses)
                .isSubsetOf(200, 503).contains(200);
    }
}
