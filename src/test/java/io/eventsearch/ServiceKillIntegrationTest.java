package io.eventsearch;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import io.eventsearch.security.TokenIssuer;
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

    private static final int PRODUCERS = 3;
    private static final int BATCHES = 20;
    private static final int BATCH_SIZE = 100;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jwk = TestKeys.newJwkSet("kill-test");
    private final TokenIssuer tokens = TestKeys.issuer(jwk);
    private final int port = freePort();
    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void acknowledgedEventsSurviveASigkillOfTheServiceExactlyOnce() throws Exception {
        String tenant = TestService.newTenant();
        String token = tokens.issue("producer", tenant, "events:write", Duration.ofMinutes(30));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch enoughBeforeTheKill = new CountDownLatch(PRODUCERS * BATCH_SIZE * 3);

        Process service = start();
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                running.add(producers.submit(() -> {
                    for (int b = 0; b < BATCHES; b++) {
                        for (String id : sendUntilAcknowledged(token, batch(producer, b))) {
                            acknowledged.add(id);
                            enoughBeforeTheKill.countDown();
                        }
                    }
                    return null;
                }));
            }
            assertThat(enoughBeforeTheKill.await(60, TimeUnit.SECONDS)).isTrue();
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL, batches in flight
            service = start();
            for (Future<?> producer : running) {
                producer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            producers.shutdownNow();
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }

        assertThat(retries.get()).as("batches sent again after the kill").isPositive();
        assertThat(acknowledged).hasSize(PRODUCERS * BATCHES * BATCH_SIZE);
        TestOpenSearch.raw("POST", "/events-audit/_refresh", null);
        JsonNode stored = json(TestOpenSearch.raw("POST", "/events-audit/_search", """
                {"size":0,"track_total_hits":true,"query":{"term":{"tenant":"%s"}},
                 "aggs":{"twice":{"terms":{"field":"id","min_doc_count":2,"size":10}}}}""".formatted(tenant)).body());
        // Every event the producers made was acknowledged (above); as many are stored and none twice, so each
        // acknowledged event is stored exactly once. (A cardinality count would be approximate: it is not used.)
        assertThat(stored.at("/hits/total/value").asLong()).as("stored").isEqualTo(acknowledged.size());
        assertThat(stored.at("/aggregations/twice/buckets")).as("no id stored twice").isEmpty();
    }

    private static JsonNode json(String body) throws IOException {
        return Json.mapper().readTree(body);
    }

    private static String batch(int producer, int batch) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < BATCH_SIZE; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(producer).append("-b").append(batch)
                    .append("-e").append(i).append("\",\"eventTime\":\"2024-07-0").append(producer + 1)
                    .append("T10:00:00Z\",\"action\":\"kill-test\"}");
        }
        return events.append(']').toString();
    }

    /** What a careful producer does: send the batch again until every event in it is acknowledged. */
    private List<String> sendUntilAcknowledged(String token, String batch) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/ingest/audit"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    List<String> ids = new ArrayList<>();
                    for (JsonNode item : Json.mapper().readTree(response.body()).get("items")) {
                        assertThat(item.get("status").asText()).isIn("created", "already_present");
                        ids.add(item.get("id").asText());
                    }
                    return ids;
                }
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            } catch (IOException serviceGone) {
                // killed or not up yet: the batch is sent again
            }
            retries.incrementAndGet();
            Thread.onSpinWait();
        }
        throw new AssertionError("a batch was never acknowledged");
    }

    private Process start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = Files.createTempFile("event-search-kill", ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.eventsearch.Main").redirectErrorStream(true).redirectOutput(log);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SERVER_HOST", "127.0.0.1");
        builder.environment().put("OPENSEARCH_URL", TestOpenSearch.url().toString());
        builder.environment().put("AUTH_JWK_PATH", jwk.toString());
        builder.environment().put("AUTH_ISSUER", TestKeys.ISSUER);
        builder.environment().put("AUTH_AUDIENCE", TestKeys.AUDIENCE);
        builder.environment().put("GEOIP_DATABASE", "");
        Process process = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("the service did not start: " + Files.readString(log.toPath()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
