package io.eventsearch.api.search;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/events/tail against the real OpenSearch: the latest events, then each new one in the order it was
 * accepted, and a reconnect with Last-Event-ID that continues with nothing missed or repeated. Ingest here waits
 * for the events to be searchable, so the service runs with no settle delay and a short poll.
 */
@Timeout(120) // a safety net against a stream that never ends, not a measure of speed
class EventsTailIntegrationTest {

    private static TestService service;
    private static final String TENANT = TestService.newTenant();

    @BeforeAll
    static void start() {
        service = TestService.start(Map.of("tail.settle", "PT0S", "tail.poll", "PT0.05S", "tail.heartbeat", "PT0.2S",
                "tail.per.tenant", "2"));
        ingest("[{\"id\":\"old-1\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"action\":\"login\"},"
                + "{\"id\":\"old-2\",\"eventTime\":\"2024-01-02T00:00:00Z\",\"action\":\"logout\"},"
                + "{\"id\":\"old-3\",\"eventTime\":\"2024-01-03T00:00:00Z\",\"action\":\"login\"}]");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static void ingest(String events) {
        Reply stored = service.postJson("/ingest/audit?refresh=wait_for", service.token(TENANT, "events:write"), events);
        assertThat(stored.json().get("rejected").asInt()).as(stored.body()).isZero();
        assertThat(stored.json().get("created").asInt()).as(stored.body()).isPositive();
    }

    /** One open tail, read event by event. */
    private static final class Tail implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final BufferedReader reader;
        private String lastId;

        Tail(String query, String lastEventId) throws Exception {
            this(TENANT, query, lastEventId);
        }

        Tail(String tenant, String query, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(service.uri("/api/events/tail" + query))
                    .header("Authorization", "Bearer " + service.token(tenant, "events:read"));
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        /** The ids of the next {@code count} events, skipping heartbeats. */
        List<String> next(int count) throws Exception {
            List<String> ids = new ArrayList<>();
            String id = null;
            while (ids.size() < count) {
                String line = reader.readLine();
                assertThat(line).as("the stream ended early after %s", ids).isNotNull();
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    JsonNode event = service.mapper().readTree(line.substring(6));
                    ids.add(event.get("id").asText());
                    lastId = id;
                }
            }
            return ids;
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }

    @Test
    void sendsTheLatestEventsThenEachNewOneInOrderAndResumesAfterTheLastIdSeen() throws Exception {
        String lastSeen;
        try (Tail tail = new Tail("?backlog=2", null)) {
            assertThat(tail.response.statusCode()).isEqualTo(200);
            assertThat(tail.response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            assertThat(tail.next(2)).containsExactly("old-2", "old-3");
            ingest("[{\"id\":\"new-1\",\"eventTime\":\"2020-01-01T00:00:00Z\"},"
                    + "{\"id\":\"new-2\",\"eventTime\":\"2025-01-01T00:00:00Z\"}]");
            ingest("[{\"id\":\"new-3\",\"eventTime\":\"2024-06-01T00:00:00Z\"}]");
            // In the order they were accepted, whatever their own times.
            assertThat(tail.next(3)).containsExactly("new-1", "new-2", "new-3");
            lastSeen = tail.lastId;
        }
        ingest("[{\"id\":\"while-away-1\",\"eventTime\":\"2024-01-05T00:00:00Z\"}]");
        ingest("[{\"id\":\"while-away-2\",\"eventTime\":\"2024-01-06T00:00:00Z\"}]");
        try (Tail resumed = new Tail("?backlog=5", lastSeen)) {
            assertThat(resumed.next(2)).containsExactly("while-away-1", "while-away-2");
            ingest("[{\"id\":\"after-1\",\"eventTime\":\"2024-01-07T00:00:00Z\"}]");
            assertThat(resumed.next(1)).containsExactly("after-1");
        }
    }

    @Test
    void followsOnlyWhatTheQueryMatches() throws Exception {
        String q = "?backlog=0&q=" + URLEncoder.encode("action: tailed", StandardCharsets.UTF_8);
        try (Tail tail = new Tail(q, null)) {
            ingest("[{\"id\":\"skip-1\",\"eventTime\":\"2024-01-08T00:00:00Z\",\"action\":\"other\"},"
                    + "{\"id\":\"match-1\",\"eventTime\":\"2024-01-08T00:00:00Z\",\"action\":\"tailed\"}]");
            assertThat(tail.next(1)).containsExactly("match-1");
        }
    }

    @Test
    void boundsOpenTailsPerTenantAndRefusesBadInputBeforeStreaming() throws Exception {
        String tenant = TestService.newTenant(); // no other test's tail counts against it
        try (Tail first = new Tail(tenant, "?backlog=0", null); Tail second = new Tail(tenant, "?backlog=0", null)) {
            assertThat(first.response.statusCode()).isEqualTo(200);
            assertThat(second.response.statusCode()).isEqualTo(200);
            Reply third = service.get("/api/events/tail", service.token(tenant, "events:read"));
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.json().at("/error/message").asText()).contains("2 live tails");
            assertThat(third.header("Retry-After")).isEqualTo("10");
        }
        Reply badId = service.get("/api/events/tail?lastEventId=e30", service.token(TENANT, "events:read"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().at("/error/parameter").asText()).isEqualTo("Last-Event-ID");
        Reply badQuery = service.get("/api/events/tail?q=a%20(", service.token(TENANT, "events:read"));
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(badQuery.json().at("/error/parameter").asText()).isEqualTo("q");
        Reply badBacklog = service.get("/api/events/tail?backlog=101", service.token(TENANT, "events:read"));
        assertThat(badBacklog.json().at("/error/parameter").asText()).isEqualTo("backlog");
    }
}
