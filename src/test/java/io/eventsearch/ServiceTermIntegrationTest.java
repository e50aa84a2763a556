package io.eventsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.ServiceProcess;
import io.eventsearch.testing.TestKeys;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM during ingest: the service stops accepting connections at once, finishes the batch in flight and answers
 * it, writes its access-log line, then exits within its grace period (server.shutdown-grace-period, 10 s).
 */
class ServiceTermIntegrationTest {

    @Test
    void sigtermStopsAcceptingFinishesTheBatchInFlightAndExits() throws Exception {
        var jwk = TestKeys.newJwkSet("term-test");
        String tenant = TestService.newTenant();
        String token = TestKeys.issuer(jwk).issue("producer", tenant, "events:write", Duration.ofMinutes(5));
        ServiceProcess service = new ServiceProcess(TestOpenSearch.url(), jwk).start();
        try (Socket producer = new Socket("127.0.0.1", service.port())) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 500; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"id\":\"term-").append(i)
                        .append("\",\"eventTime\":\"2024-08-01T00:00:00Z\",\"action\":\"sigterm\"}");
            }
            String body = batch.append(']').toString();
            String request = "POST /ingest/audit?refresh=wait_for HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json"
                    + "\r\nAuthorization: Bearer " + token + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            OutputStream out = producer.getOutputStream();
            out.write(request.substring(0, request.length() - 500).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            service.terminate();
            Instant deadline = Instant.now().plusSeconds(10);
            boolean refusing = false;
            while (!refusing && Instant.now().isBefore(deadline)) {
                try (Socket probe = new Socket("127.0.0.1", service.port())) {
                    Thread.onSpinWait();
                } catch (IOException refused) {
                    refusing = true;
                }
            }
            assertThat(refusing).as("new connections refused after SIGTERM").isTrue();

            out.write(request.substring(request.length() - 500).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = producer.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"created\":500");
        } finally {
            assertThat(service.exitsWithin(Duration.ofSeconds(20))).as("exits after its grace period").isTrue();
        }
        assertThat(service.output()).as("the access-log line of the request answered while stopping")
                .containsPattern("\\{\"time\":[^\\n]*\"method\":\"POST\",\"route\":\"/ingest/\\{stream\\}\",\"status\":200,[^\\n]*\"tenant\":\""
                        + tenant + "\"");
        TestOpenSearch.raw("POST", "/events-audit/_refresh", null);
        JsonNode stored = Json.mapper().readTree(TestOpenSearch.raw("POST", "/events-audit/_count",
                "{\"query\":{\"term\":{\"tenant\":\"" + tenant + "\"}}}").body());
        assertThat(stored.get("count").asInt()).isEqualTo(500);
    }
}
