package io.eventsearch.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.Json;
import io.eventsearch.security.TokenIssuer;

/**
 * The load of the fault tests: {@link #PRODUCERS} producers each send {@link #BATCHES} batches of audit events with
 * ids of their own through a {@link RetryingProducer}, and the check that follows a fault: every acknowledged event
 * stored in OpenSearch, none twice.
 */
public final class AuditProducers {

    public static final int PRODUCERS = 3;
    public static final int BATCHES = 20;
    public static final int BATCH_SIZE = 100;
    public static final int EVENTS = PRODUCERS * BATCHES * BATCH_SIZE;

    private AuditProducers() {
    }

    /** A tenant of a fault test with a key set of its own: a producer's token and an audit reader's. */
    public record Tenant(Path jwk, String name, String write, String read) {
    }

    /** A new tenant, its key set named {@code keyName}, tokens valid for half an hour. */
    public static Tenant newTenant(String keyName) {
        Path jwk = TestKeys.newJwkSet(keyName);
        TokenIssuer tokens = TestKeys.issuer(jwk);
        String tenant = TestService.newTenant();
        return new Tenant(jwk, tenant, tokens.issue("producer", tenant, "events:write", Duration.ofMinutes(30)),
                tokens.issue("reader", tenant, "auditEvent:read", Duration.ofMinutes(30)));
    }

    /** Batch {@code batch} of producer {@code producer}: ids unique across producers, times in one month. */
    public static String batch(int producer, int batch, String action) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < BATCH_SIZE; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(producer).append("-b").append(batch)
                    .append("-e").append(i).append("\",\"eventTime\":\"2024-07-0").append(producer + 1)
                    .append("T10:00:00Z\",\"action\":\"").append(action).append("\"}");
        }
        return events.append(']').toString();
    }

    /**
     * Starts the producers on {@code threads}; each acknowledged id goes into {@code acknowledged} and counts down
     * every one of {@code milestones}, which a test awaits to strike while ingest runs.
     */
    public static List<Future<?>> start(ExecutorService threads, RetryingProducer producer, String action,
                                        Set<String> acknowledged, List<CountDownLatch> milestones) {
        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int number = p;
            running.add(threads.submit(() -> {
                for (int b = 0; b < BATCHES; b++) {
                    for (String id : producer.send(batch(number, b, action))) {
                        acknowledged.add(id);
                        milestones.forEach(CountDownLatch::countDown);
                    }
                }
                return null;
            }));
        }
        return running;
    }

    /**
     * How many of the tenant's audit events the node at {@code node} holds ({@code /hits/total/value}), and the ids
     * it holds more than once ({@code /aggregations/twice/buckets}). As many stored as acknowledged and none twice
     * means each acknowledged event is stored exactly once (a cardinality count would be approximate: not used).
     */
    public static JsonNode stored(URI node, String tenant) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(node.resolve("/events-audit/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return Json.mapper().readTree(http.send(HttpRequest.newBuilder(node.resolve("/events-audit/_search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"size":0,"track_total_hits":true,"query":{"term":{"tenant":"%s"}},
                         "aggs":{"twice":{"terms":{"field":"id","min_doc_count":2,"size":10}}}}""".formatted(tenant)))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
