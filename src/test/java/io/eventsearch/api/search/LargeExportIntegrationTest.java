package io.eventsearch.api.search;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.eventsearch.testing.ServiceProcess;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An export far larger than the service's heap: the service runs as its own process with {@code -Xmx256m} and
 * streams every event (1,000,000 by default; {@code EXPORT_EVENTS} sets another count), which only a walk in
 * constant memory can do. The events are loaded with OpenSearch's own _bulk, in the stream's stored form.
 */
class LargeExportIntegrationTest {

    private static final int EVENTS = Integer.parseInt(System.getenv().getOrDefault("EXPORT_EVENTS", "1000000"));
    /** The 1,000,000 events' tenant; the tests that hold or drop exports each have their own, so that an export
     *  the service has not yet seen end (its slot still taken) never refuses another test's. */
    private static final String TENANT = TestService.newTenant();
    private static final String DROPPING_TENANT = TestService.newTenant();
    private static final String BOUNDED_TENANT = TestService.newTenant();
    /** Far more than socket buffers hold, so that an export whose client reads one line stays running. */
    private static final int SMALL_EVENTS = 50_000;
    private static final int BULK = 20_000;
    private static ServiceProcess service;

    @BeforeAll
    static void loadAndStart() throws Exception {
        TestService.shared(); // installs the stream templates
        Instant t0 = Instant.parse("2023-06-01T00:00:00Z");
        int created = TestOpenSearch.raw("PUT", "/events-audit-2023.06", null).statusCode();
        assertThat(created).as("creating the index").isEqualTo(200);
        load(TENANT, EVENTS, t0);
        load(DROPPING_TENANT, SMALL_EVENTS, t0);
        load(BOUNDED_TENANT, SMALL_EVENTS, t0);
        assertThat(TestOpenSearch.raw("POST", "/events-audit-2023.06/_refresh", null).statusCode()).isEqualTo(200);
        service = new ServiceProcess(TestOpenSearch.url(), TestService.shared().jwkSet()).jvmOptions("-Xmx256m").start();
    }

    private static void load(String tenant, int events, Instant t0) throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < events; i++) {
            bulk.append("{\"create\":{}}\n{\"tenant\":\"").append(tenant).append("\",\"id\":\"x").append(i)
                    .append("\",\"eventTime\":").append(t0.toEpochMilli() + i).append(",\"appId\":\"export\",")
                    .append("\"action\":\"a, \\\"quoted\\\"\"}\n");
            if ((i + 1) % BULK == 0 || i + 1 == events) {
                HttpResponse<String> stored = TestOpenSearch.raw("POST", "/events-audit-2023.06/_bulk", bulk.toString());
                assertThat(stored.statusCode()).isEqualTo(200);
                assertThat(stored.body().contains("\"errors\":false")).as("every event stored").isTrue();
                bulk.setLength(0);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.stop();
        }
        TestOpenSearch.raw("DELETE", "/events-audit-2023.06", null); // this test's own month
    }

    private static HttpResponse<InputStream> export(String tenant, String format) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(service.uri("/api/events?q=stream:audit&format=" + format))
                .header("Authorization", "Bearer " + TestService.shared().token(tenant, "events:read")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void exportsEveryEventAsCsvWithinASmallHeap() throws Exception {
        HttpResponse<InputStream> response = export(TENANT, "csv");
        assertThat(response.statusCode()).isEqualTo(200);
        long rows = 0;
        String first = null;
        String last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            assertThat(header).startsWith("stream,id,eventTime,appId");
            for (String row = reader.readLine(); row != null; row = reader.readLine()) {
                if (first == null) {
                    first = row;
                }
                last = row;
                rows++;
            }
        }
        assertThat(rows).isEqualTo(EVENTS);
        assertThat(first).startsWith("audit,x" + (EVENTS - 1) + ",").endsWith(",\"a, \"\"quoted\"\"\"");
        assertThat(last).startsWith("audit,x0,");
    }

    @Test
    void aClientThatGoesAwayStopsTheWalkAndFreesItsPointInTime() throws Exception {
        int before = openPointsInTime();
        HttpResponse<InputStream> response = export(DROPPING_TENANT, "ndjson");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).contains("\"stream\":\"audit\"");
            assertThat(openPointsInTime()).isGreaterThan(before);
        }
        // Closing the body closes the connection mid-stream: the service's next write fails and closes its scan.
        assertThat(awaitOpenPointsInTimeAtMost(before)).isLessThanOrEqualTo(before);
    }

    private static int awaitOpenPointsInTimeAtMost(int bound) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int open = openPointsInTime();
        while (open > bound && Instant.now().isBefore(deadline)) {
            open = openPointsInTime();
        }
        return open;
    }

    /** Each export holds a point in time and a connection to OpenSearch while it streams: two per tenant at once. */
    @Test
    void aTenantRunsAtMostTwoExportsAtOnce() throws Exception {
        int pointsInTimeBefore = openPointsInTime();
        List<BufferedReader> running = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> response = export(BOUNDED_TENANT, "ndjson");
                assertThat(response.statusCode()).isEqualTo(200);
                BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                assertThat(reader.readLine()).contains("\"stream\":\"audit\"");
                running.add(reader);
            }
            HttpResponse<InputStream> third = export(BOUNDED_TENANT, "csv");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(new String(third.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("already runs 2 exports");
            HttpRequest otherTenant = HttpRequest.newBuilder(service.uri("/api/events?q=stream:audit&limit=1"))
                    .header("Authorization", "Bearer " + TestService.shared().token(TestService.newTenant(),
                            "events:read")).build();
            assertThat(HttpClient.newHttpClient().send(otherTenant, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        } finally {
            for (BufferedReader reader : running) {
                reader.close();
            }
        }
        // Once the service notices a client is gone (its next write fails), the slot is free again.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int status = 0;
        while (status != 200 && Instant.now().isBefore(deadline)) {
            HttpResponse<InputStream> again = export(BOUNDED_TENANT, "ndjson");
            status = again.statusCode();
            again.body().close();
        }
        assertThat(status).isEqualTo(200);
        // Every export this test dropped ends and frees its point in time, so the next test counts from a still node.
        assertThat(awaitOpenPointsInTimeAtMost(pointsInTimeBefore)).isLessThanOrEqualTo(pointsInTimeBefore);
    }

    private static int openPointsInTime() throws Exception {
        HttpResponse<String> all = TestOpenSearch.raw("GET", "/_search/point_in_time/_all", null);
        return TestService.shared().mapper().readTree(all.body()).path("pits").size();
    }
}
