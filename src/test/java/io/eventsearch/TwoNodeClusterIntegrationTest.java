package io.eventsearch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * A cluster of two nodes (scripts/opensearch with OPENSEARCH_NODES=2; stream indices get a replica there), the service
 * told both. One node is killed with SIGKILL during concurrent ingest and search: searches go on being answered (200,
 * or a 503 that says OpenSearch could not answer whole, never a silently partial page), producers get everything
 * acknowledged, and after the node is back every acknowledged event is stored exactly once.
 */
class TwoNodeClusterIntegrationTest {

    private static final int FIRST_PORT = 9285;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void killingOneNodeLosesNoAcknowledgedEventAndSearchesGoOn() throws Exception {
        AuditProducers.Tenant tenant = AuditProducers.newTenant("two-node-test");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> searchesBefore = new ConcurrentHashMap<>();
        Map<Integer, Integer> searchesAfter = new ConcurrentHashMap<>();
        AtomicBoolean killed = new AtomicBoolean();
        int events = AuditProducers.EVENTS;

        try (LocalNode cluster = new LocalNode(FIRST_PORT, 2)) {
            URI first = cluster.start();
            ServiceProcess service = new ServiceProcess(first, tenant.jwk()).environment("OPENSEARCH_URL", cluster.urls())
                    .environment("OPENSEARCH_RETRY_ATTEMPTS", "5").start();
            RetryingProducer producer = new RetryingProducer(service.uri("/ingest/audit"), tenant.write());
            CountDownLatch enoughBeforeTheKill = new CountDownLatch(events / 5);
            AtomicBoolean ingesting = new AtomicBoolean(true);
            ExecutorService threads = Executors.newFixedThreadPool(AuditProducers.PRODUCERS + 1);
            int victim;
            try {
                Future<?> searcher = threads.submit(() -> {
                    while (ingesting.get()) {
                        int status = search(service.uri("/audit/events?limit=10"), tenant.read());
                        (killed.get() ? searchesAfter : searchesBefore).merge(status, 1, Integer::sum);
                    }
                    return null;
                });
                List<Future<?>> producers = AuditProducers.start(threads, producer, "two-nodes", acknowledged,
                        List.of(enoughBeforeTheKill));
                assertThat(enoughBeforeTheKill.await(120, TimeUnit.SECONDS)).isTrue();
                assertThat(replicasOfTheStream(first)).as("the stream's index has a copy on each node").isEqualTo(2);
                // Of two nodes only one holds the vote (an even count leaves one out): the other is the one that can
                // die without taking the cluster with it. It holds shard copies and is half the service's nodes.
                victim = clusterManagerPort(first) == FIRST_PORT ? 2 : 1;
                cluster.kill(victim);
                killed.set(true);
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
            System.out.println("two nodes: node " + victim + " killed; " + producer.retries()
                    + " batch sends repeated; searches before " + searchesBefore + ", after " + searchesAfter);
            assertThat(acknowledged).hasSize(events);

            cluster.start(); // brings the killed node back and waits for both
            URI survivor = URI.create(cluster.urls().split(",")[victim == 1 ? 1 : 0]);
            JsonNode stored = AuditProducers.stored(survivor, tenant.name());
            assertThat(stored.at("/hits/total/value").asLong()).as("every acknowledged event").isEqualTo(events);
            assertThat(stored.at("/aggregations/twice/buckets")).as("no id stored twice").isEmpty();
        }
        assertThat(searchesBefore.keySet()).as("searches before the kill").containsOnly(200);
        assertThat(searchesAfter.keySet()).as("searches after the kill: " + searchesAfter)
                .isSubsetOf(200, 503).contains(200);
    }

    /** The status of a listing; a connection the service dropped or never answered fails the test. */
    private static int search(URI uri, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int clusterManagerPort(URI node) throws IOException, InterruptedException {
        String name = HTTP.send(HttpRequest.newBuilder(node.resolve("/_cat/cluster_manager?h=node")).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)); // nodes are named local-<port>
    }

    /** Started shard copies of the stream's indices, counted per shard: 2 once the replica is allocated. */
    private static int replicasOfTheStream(URI node) throws IOException, InterruptedException {
        JsonNode health = Json.mapper().readTree(HTTP.send(HttpRequest.newBuilder(
                node.resolve("/_cluster/health/events-audit-*?wait_for_status=green&timeout=60s")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return health.path("active_shards").asInt() / Math.max(1, health.path("active_primary_shards").asInt());
    }
}
