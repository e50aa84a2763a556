package io.eventsearch;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator reads: one JSON access-log line per request, request ids, per-route metrics. */
class RequestLogIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private final Logger access = Logger.getLogger("io.eventsearch.access");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        access.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        access.removeHandler(capture);
    }

    /** The line of a request; the server writes it once the answer is sent, so it may come a moment later. */
    private JsonNode lineOf(String requestId) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        do {
            for (String line : lines) {
                JsonNode parsed = SERVICE.mapper().readTree(line);
                if (parsed.get("request_id").asText().equals(requestId)) {
                    return parsed;
                }
            }
            Thread.onSpinWait();
        } while (java.time.Instant.now().isBefore(deadline));
        throw new AssertionError("no access log line for " + requestId + " in " + lines);
    }

    private Reply get(String path, String token, String requestId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(SERVICE.uri(path)).GET();
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return SERVICE.send(request, token);
    }

    @Test
    void logsOneJsonLinePerRequestWithRouteStatusTenantAndTheEchoedRequestId() throws Exception {
        String tenant = TestService.newTenant();
        String token = SERVICE.token(tenant, "auditEvent:read");
        Reply reply = get("/audit/events?target=secret-words&limit=9999", token, "req-42.a");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("X-Request-Id")).isEqualTo("req-42.a");

        JsonNode line = lineOf("req-42.a");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("route").asText()).isEqualTo("/audit/events");
        assertThat(line.get("status").asInt()).isEqualTo(400);
        assertThat(line.get("tenant").asText()).isEqualTo(tenant);
        assertThat(line.get("duration_ms").asDouble()).isPositive();
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain("secret-words").doesNotContain(token);
    }

    @Test
    void aRequestIdThatIsNoPlainTokenIsReplacedAndAMissingOneMade() throws Exception {
        Reply odd = get("/observe/health", null, "has spaces and \"quotes\"");
        assertThat(odd.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        Reply none = get("/nothing/here", null, null);
        assertThat(none.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        JsonNode line = lineOf(none.header("X-Request-Id"));
        assertThat(line.get("status").asInt()).isEqualTo(404);
        assertThat(line.get("route").asText()).isEqualTo("unmatched");
    }

    @Test
    void countsRequestsPerRouteMethodAndStatus() {
        get("/hub/api/rest/events?orderBy=nonsense", SERVICE.token(TestService.newTenant(), "hubEvent:read"), null);
        java.util.regex.Pattern counted = java.util.regex.Pattern.compile(
                "http_requests_total\\{method=\"GET\",route=\"/hub/api/rest/events\",scope=\"application\",status=\"400\",} [1-9]");
        // Counted once the answer is sent: read the metrics until the count is there, or give up after 10 s.
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        String metrics = SERVICE.get("/observe/metrics", null).body();
        while (!counted.matcher(metrics).find() && java.time.Instant.now().isBefore(deadline)) {
            metrics = SERVICE.get("/observe/metrics", null).body();
        }
        assertThat(metrics).containsPattern(counted);
        assertThat(metrics).contains("http_request_duration_seconds_count{route=\"/hub/api/rest/events\"")
                .as("a latency histogram").containsPattern(
                        "http_request_duration_seconds_bucket\\{route=\"/hub/api/rest/events\",[^}]*le=\"0\\.05\"");
    }
}
