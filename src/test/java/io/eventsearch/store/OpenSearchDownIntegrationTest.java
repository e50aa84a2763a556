package io.eventsearch.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With OpenSearch unreachable the service starts, reports not-ready, and answers ingest with 503 and Retry-After. */
class OpenSearchDownIntegrationTest {

    private TestService service;

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void ingestAnswers503WithRetryAfterAndHealthIsDown() throws IOException {
        service = TestService.start(Map.of(
                "opensearch.url", "http://127.0.0.1:" + closedPort(),
                "opensearch.retry.attempts", "2",
                "opensearch.retry.backoff.first", "10"));
        String token = service.token(TestService.newTenant(), "events:write");

        Reply ingest = service.postJson("/ingest/audit", token, "[{\"id\":\"x-1\",\"action\":\"login\"}]");
        assertThat(ingest.status()).as(ingest.body()).isEqualTo(503);
        assertThat(ingest.header("Retry-After")).isEqualTo("5");
        assertThat(ingest.json().at("/error/status").asInt()).isEqualTo(503);
        assertThat(ingest.json().at("/error/message").asText()).contains("OpenSearch is unavailable");

        Reply health = service.get("/observe/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");
    }
}
