package io.eventsearch;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.AuditProducers;
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

    @Test
    void acknowledgedEventsSurviveASigkillOfTheServiceExactlyOnce() throws Exception {
        var jwk = TestKeys.newJwkSet("kill-test");
        String tenant = TestService.newTenant();
        String token = TestKeys.issuer(jwk).issue("producer", tenant, "events:write", Duration.ofMinutes(30));
        ServiceProcess service = new ServiceProcess(TestOpenSearch.url(), jwk).start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch enoughBeforeTheKill = new CountDownLatch(AuditProducers.PRODUCERS * AuditProducers.BATCH_SIZE * 3);
        RetryingProducer producer = new RetryingProducer(service.uri("/ingest/audit"), token);
        ExecutorService producers = Executors.newFixedThreadPool(AuditProducers.PRODUCERS);
        try {
            List<Future<?>> running = AuditProducers.start(producers, producer, "service-kill", acknowledged,
                    List.of(enoughBeforeTheKill));
            assertThat(enoughBeforeTheKill.await(60, TimeUnit.SECONDS)).isTrue();
            service.kill(); // batches in flight
            service.start();
            for (Future<?> batches : running) {
                batches.get(180, TimeUnit.SECONDS);
            }
        } finally {
            producers.shutdownNow();
            service.stop();
        }

        assertThat(producer.retries()).as("batches sent again after the kill").isPositive();
        assertThat(acknowledged).hasSize(AuditProducers.EVENTS);
        JsonNode stored = AuditProducers.stored(TestOpenSearch.url(), tenant);
        assertThat(stored.at("/hits/total/value").asLong()).as("stored").isEqualTo(acknowledged.size());
        assertThat(stored.at("/aggregations/twice/buckets")).as("no id stored twice").isEmpty();
    }
}
