package io.eventsearch.bench;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.eventsearch.geoip.GeoIpDatabase;
import io.eventsearch.testing.TestGeoIp;
import io.eventsearch.testing.TestService;

/**
 * scripts/bench: measures GeoIP lookups, ingest throughput and query latency against the real OpenSearch.
 * Numbers, not assertions: speed lives here, not in the tests.
 */
public final class Bench {

    private static final int EVENTS = Integer.getInteger("bench.events", 50_000);
    private static final int BATCH = 1000;
    private static final int QUERIES = 200;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // One access-log line per request would bury the results: the benchmark reports its own figures.
        java.util.logging.Logger.getLogger("io.eventsearch.access").setLevel(java.util.logging.Level.WARNING);
        geoIp();
        try (TestService service = TestService.start(Map.of())) {
            String tenant = TestService.newTenant();
            ingest(service, tenant);
            queries(service, tenant);
        }
        System.exit(0);
    }

    private static void geoIp() throws Exception {
        try (GeoIpDatabase db = GeoIpDatabase.open(TestGeoIp.database())) {
            SplittableRandom random = new SplittableRandom(42);
            List<InetAddress> addresses = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                addresses.add(InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(random.nextInt()).array()));
            }
            int found = 0;
            for (int warm = 0; warm < 200_000; warm++) {
                found += db.locate(addresses.get(warm % addresses.size())).isPresent() ? 1 : 0;
            }
            int lookups = 1_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                found += db.locate(addresses.get(i % addresses.size())).isPresent() ? 1 : 0;
            }
            double micros = (System.nanoTime() - start) / 1000.0 / lookups;
            System.out.printf("geoip: %,d City lookups of random IPv4 addresses, %.2f µs each (%d found)%n",
                    lookups, micros, found);
        }
    }

    private static void ingest(TestService service, String tenant) {
        String token = service.token(tenant, "events:write");
        SplittableRandom random = new SplittableRandom(7);
        long start = System.nanoTime();
        for (int from = 0; from < EVENTS; from += BATCH) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = from; i < from + BATCH; i++) {
                int ip = random.nextInt();
                batch.append(i == from ? "" : ",")
                        .append("{\"id\":\"b").append(i).append("\",\"createdAt\":\"2024-0").append(1 + i % 9)
                        .append("-1").append(i % 10).append("T10:00:00Z\",\"statusCode\":").append(i % 7 == 0 ? 403 : 200)
                        .append(",\"releaseId\":\"r").append(i % 50).append("\",\"releaseFileName\":\"app-")
                        .append(i % 20).append(".0.dmg\",\"location\":{\"ipAddress\":\"")
                        .append((ip >>> 24) & 0xFF).append('.').append((ip >>> 16) & 0xFF).append('.')
                        .append((ip >>> 8) & 0xFF).append('.').append(ip & 0xFF).append("\"}}");
            }
            boolean last = from + BATCH >= EVENTS;
            TestService.Reply reply = service.postJson("/ingest/release-downloads" + (last ? "?refresh=wait_for" : ""),
                    token, batch.append(']').toString());
            if (reply.status() != 200) {
                throw new IllegalStateException(reply.body());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("ingest: %,d release download events in batches of %d with GeoIP, %.1f s, %,.0f events/s%n",
                EVENTS, BATCH, seconds, EVENTS / seconds);
    }

    private static void queries(TestService service, String tenant) {
        String token = service.token(tenant, "releaseDownloadEvent:read");
        long deepPage = Math.min(EVENTS / 10 - 1, 4_000);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("first page, default sort", "?limit=100");
        cases.put("filter + range", "?statusCode=403&createdAt%5Bgte%5D=2024-03-01T00:00:00Z&limit=100");
        cases.put("full text", "?search=app%2013%20dmg&limit=100");
        cases.put("page " + deepPage + " (offset " + (deepPage - 1) * 10 + ", past the window)",
                "?limit=10&page=" + deepPage);
        if (EVENTS >= 100_000) {
            cases.put("page 1000 of 100 (offset 99900)", "?limit=100&page=1000");
            cases.put("page 1000 of 100 sorted by text (walked)", "?limit=100&page=1000&sort=releaseId");
        }
        for (Map.Entry<String, String> c : cases.entrySet()) {
            long[] nanos = new long[QUERIES];
            int queries = c.getKey().startsWith("page") ? 20 : QUERIES;
            for (int i = 0; i < queries; i++) {
                long start = System.nanoTime();
                TestService.Reply reply = service.get("/v3/release-download-events" + c.getValue(), token);
                nanos[i] = System.nanoTime() - start;
                if (reply.status() != 200) {
                    throw new IllegalStateException(reply.body());
                }
            }
            long[] done = Arrays.copyOf(nanos, queries);
            Arrays.sort(done);
            System.out.printf("query: %-45s p50 %6.1f ms, p95 %6.1f ms (%d requests)%n", c.getKey(),
                    done[queries / 2] / 1e6, done[(int) (queries * 0.95)] / 1e6, queries);
        }
    }
}
