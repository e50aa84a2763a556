package io.eventsearch.api.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages past OpenSearch's 10,000-hit window, over events that share timestamps: the service walks there with
 * search_after and returns exactly the events that a full sort by (createdAt, id) puts there.
 */
class DeepPagingIntegrationTest {

    private static final int EVENTS = 10_050;
    private static final int DISTINCT_TIMES = 5;
    private static final Instant BASE = Instant.parse("2024-06-01T00:00:00Z");
    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final String READ = SERVICE.token(TENANT, "releaseDownloadEvent:read");

    /** The ids in the order the API must return them: by time, then by id. */
    private static final List<String> EXPECTED = new ArrayList<>();

    private static String id(int i) {
        return String.format("e%05d", i);
    }

    private static Instant time(int i) {
        return BASE.plusSeconds(60L * (i % DISTINCT_TIMES));
    }

    @BeforeAll
    static void ingest() {
        // A decoy tenant stores events with the same ids and times in the same indices: if the tenant filter
        // were missing anywhere on the deep path, its events would show up in the pages and totals below.
        StringBuilder decoys = new StringBuilder("[");
        for (int i = 0; i < 500; i++) {
            decoys.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id(i * 20)).append("\",\"createdAt\":\"")
                    .append(time(i * 20)).append("\",\"statusCode\":403}");
        }
        Reply decoy = SERVICE.postJson("/ingest/release-downloads", SERVICE.token(TestService.newTenant(), "events:write"),
                decoys.append(']').toString());
        assertThat(decoy.json().get("created").asInt()).as(decoy.body()).isEqualTo(500);

        String write = SERVICE.token(TENANT, "events:write");
        for (int start = 0; start < EVENTS; start += 1000) {
            StringBuilder batch = new StringBuilder("[");
            int end = Math.min(start + 1000, EVENTS);
            for (int i = start; i < end; i++) {
                batch.append(i == start ? "" : ",").append("{\"id\":\"").append(id(i)).append("\",\"createdAt\":\"")
                        .append(time(i)).append("\",\"statusCode\":").append(i % 2 == 0 ? 200 : 403).append('}');
            }
            Reply reply = SERVICE.postJson("/ingest/release-downloads" + (end == EVENTS ? "?refresh=wait_for" : ""),
                    write, batch.append(']').toString());
            assertThat(reply.json().get("created").asInt()).as(reply.body()).isEqualTo(end - start);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(DeepPagingIntegrationTest::time).thenComparing(DeepPagingIntegrationTest::id));
        order.forEach(i -> EXPECTED.add(id(i)));
    }

    private static List<String> page(String query) {
        return SERVICE.get("/v3/release-download-events?" + query, READ).ids();
    }

    @Test
    void pagesOnBothSidesOfTheWindowAreExact() {
        assertThat(page("limit=10&page=1000")).containsExactlyElementsOf(EXPECTED.subList(9_990, 10_000));
        assertThat(page("limit=10&page=1001")).containsExactlyElementsOf(EXPECTED.subList(10_000, 10_010));
        assertThat(page("limit=100&page=101")).containsExactlyElementsOf(EXPECTED.subList(10_000, 10_050));
        assertThat(page("limit=7&page=1430")).containsExactlyElementsOf(EXPECTED.subList(10_003, 10_010));
    }

    @Test
    void aPageStraddlingTheWindowIsExact() {
        // offset 9,999 + 3 crosses the 10,000th hit
        assertThat(page("limit=3&page=3334")).containsExactlyElementsOf(EXPECTED.subList(9_999, 10_002));
    }

    @Test
    void descendingDeepPagesAreExactToo() {
        List<String> descending = new ArrayList<>(EXPECTED.size());
        for (int t = DISTINCT_TIMES - 1; t >= 0; t--) {
            Instant at = BASE.plusSeconds(60L * t);
            EXPECTED.stream().filter(id -> time(Integer.parseInt(id.substring(1))).equals(at)).forEach(descending::add);
        }
        assertThat(page("limit=20&page=501&sort=-createdAt")).containsExactlyElementsOf(descending.subList(10_000, 10_020));
    }

    @Test
    void deepPagesSortedByAnIntegerAreFoundByCountingAndExact() {
        // statusCode is 200 for even events and 403 for odd ones: two ties of 5,025, the id breaking each.
        List<String> byStatus = new ArrayList<>(EXPECTED.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 0)
                .sorted().toList());
        byStatus.addAll(EXPECTED.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 1).sorted().toList());
        assertThat(page("limit=10&page=1001&sort=statusCode")).containsExactlyElementsOf(byStatus.subList(10_000, 10_010));
        assertThat(page("limit=30&page=336&sort=statusCode")).containsExactlyElementsOf(byStatus.subList(10_050, 10_050));
        assertThat(page("limit=25&page=402&sort=statusCode")).containsExactlyElementsOf(byStatus.subList(10_025, 10_050));
    }

    @Test
    void deepPagesSortedByTextAreWalkedToAndExact() {
        // No event has a release id: all tie on the missing value, so the id alone orders them.
        List<String> byId = EXPECTED.stream().sorted().toList();
        assertThat(page("limit=10&page=1004&sort=releaseId")).containsExactlyElementsOf(byId.subList(10_030, 10_040));
    }

    @Test
    void pagesPastTheMillionthEventAreServedWhenTheSortCanBeCounted() {
        Reply counted = SERVICE.get("/v3/release-download-events?limit=10&page=5000001", READ);
        assertThat(counted.status()).as(counted.body()).isEqualTo(200);
        assertThat(counted.json()).isEmpty();
        assertThat(counted.header("X-Total-Count")).isEqualTo(Integer.toString(EVENTS));
        Reply walked = SERVICE.get("/v3/release-download-events?limit=10&page=100002&sort=releaseId", READ);
        assertThat(walked.status()).isEqualTo(400);
        assertThat(walked.json().get("parameter").asText()).isEqualTo("page");
        assertThat(walked.json().get("message").asText()).contains("does not start with a time or a number");
        Reply beyond = SERVICE.get("/v3/release-download-events?limit=100&page=1000002", READ);
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.json().get("message").asText()).contains("reaches past the 100000000th event");
    }

    @Test
    void deepPagesKeepFiltersAndTotals() {
        Reply reply = SERVICE.get("/v3/release-download-events?statusCode=403&limit=5&page=1001", READ);
        List<String> odd = EXPECTED.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 1).toList();
        assertThat(reply.ids()).containsExactlyElementsOf(odd.subList(5_000, 5_005));
        assertThat(reply.header("X-Total-Count")).isEqualTo("5025");
    }

    @Test
    void aPagePastTheEndIsEmptyWithTheTrueTotal() {
        Reply reply = SERVICE.get("/v3/release-download-events?limit=100&page=200", READ);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEmpty();
        assertThat(reply.header("X-Total-Count")).isEqualTo(Integer.toString(EVENTS));
    }

    @Test
    void pagesSpanningManyCountedBucketsAreExactBothWays() {
        // 12,000 events, four a second over 3,000 seconds: the counting histogram's buckets hold a few seconds
        // each, so a deep page of 100 is read from a range of several buckets, and ends inside one.
        String tenant = TestService.newTenant();
        String write = SERVICE.token(tenant, "events:write");
        int events = 12_000;
        for (int start = 0; start < events; start += 1000) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = start; i < start + 1000; i++) {
                batch.append(i == start ? "" : ",").append("{\"id\":\"").append(String.format("f%05d", i))
                        .append("\",\"createdAt\":\"").append(BASE.plusSeconds(i % 3000)).append("\"}");
            }
            Reply reply = SERVICE.postJson("/ingest/release-downloads"
                    + (start + 1000 == events ? "?refresh=wait_for" : ""), write, batch.append(']').toString());
            assertThat(reply.json().get("created").asInt()).as(reply.body()).isEqualTo(1000);
        }
        Comparator<Integer> byTime = Comparator.comparing(i -> i % 3000);
        List<String> ascending = new ArrayList<>();
        List<String> descending = new ArrayList<>();
        java.util.stream.IntStream.range(0, events).boxed().sorted(byTime.thenComparing(i -> i))
                .forEach(i -> ascending.add(String.format("f%05d", i)));
        java.util.stream.IntStream.range(0, events).boxed().sorted(byTime.reversed().thenComparing(i -> i))
                .forEach(i -> descending.add(String.format("f%05d", i)));
        String read = SERVICE.token(tenant, "releaseDownloadEvent:read");
        int[][] pages = {{100, 101}, {100, 110}, {100, 120}, {37, 271}, {7, 1500}, {1, 12_000}, {100, 118}};
        for (int[] page : pages) {
            int limit = page[0];
            int offset = (page[1] - 1) * limit;
            int to = Math.min(events, offset + limit);
            for (boolean down : new boolean[] {false, true}) {
                List<String> ids = SERVICE.get("/v3/release-download-events?limit=" + limit + "&page=" + page[1]
                        + (down ? "&sort=-createdAt" : ""), read).ids();
                assertThat(ids).as("limit %d, offset %d, %s", limit, offset, down ? "descending" : "ascending")
                        .containsExactlyElementsOf((down ? descending : ascending).subList(offset, to));
            }
        }
        // No event of this tenant has a status code: counting finds no values, and the page is walked to, in id order.
        List<String> byId = ascending.stream().sorted().toList();
        for (String sort : new String[] {"statusCode", "-statusCode"}) {
            assertThat(SERVICE.get("/v3/release-download-events?limit=100&page=101&sort=" + sort, read).ids())
                    .as(sort).containsExactlyElementsOf(byId.subList(10_000, 10_100));
            Reply past = SERVICE.get("/v3/release-download-events?limit=100&page=121&sort=" + sort, read);
            assertThat(past.json()).as(sort).isEmpty();
            assertThat(past.header("X-Total-Count")).isEqualTo(Integer.toString(events));
        }
    }

    @Test
    void pagesWhereTheEventsThinOutAreExactBeforeAndAfterEventsGo() {
        // 10,500 events a millisecond apart, and before them 1,500 half an hour apart: pages on both sides of where
        // they thin out, both ways.
        String tenant = TestService.newTenant();
        Instant newest = BASE.plus(Duration.ofDays(40));
        List<String> descending = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            Instant at = i < 10_500 ? newest.minusMillis(i)
                    : newest.minusMillis(10_500).minus(Duration.ofMinutes(30L * (i - 10_499)));
            String id = String.format("g%05d", i);
            descending.add(id);
            events.add("{\"id\":\"" + id + "\",\"createdAt\":\"" + at + "\"}");
        }
        String write = SERVICE.token(tenant, "events:write");
        for (int start = 0; start < events.size(); start += 1000) {
            Reply reply = SERVICE.postJson("/ingest/release-downloads",
                    write, "[" + String.join(",", events.subList(start, start + 1000)) + "]");
            assertThat(reply.json().get("created").asInt()).as(reply.body()).isEqualTo(1000);
        }
        // The batches land in two monthly indices: refresh both (waiting for the last batch covers only its own).
        TestOpenSearch.raw("POST", "/events-release-downloads/_refresh", "");
        List<String> ascending = descending.reversed();
        String read = SERVICE.token(tenant, "releaseDownloadEvent:read");
        for (int offset : new int[] {10_000, 10_400, 10_450, 10_500, 11_000, 11_900, 11_950}) {
            for (boolean down : new boolean[] {false, true}) {
                // Pages of 50: the ones at 10,450 and 11,950 straddle where the events thin out, and the end.
                Reply reply = SERVICE.get("/v3/release-download-events?limit=50&page=" + (offset / 50 + 1)
                        + (down ? "&sort=-createdAt" : ""), read);
                List<String> expected = (down ? descending : ascending).subList(offset, offset + 50);
                assertThat(reply.ids()).as("offset %d %s", offset, down ? "descending" : "ascending")
                        .containsExactlyElementsOf(expected);
                assertThat(reply.header("X-Total-Count")).isEqualTo("12000");
                assertThat(reply.header("X-Total-Count-Relation")).isEqualTo("eq");
            }
        }
        // The newest 600 go (as with an index dropped by retention): where the service remembers the offsets to
        // lie is now wrong, and the pages must be exact all the same.
        TestOpenSearch.raw("POST", "/events-release-downloads/_delete_by_query?refresh=true", """
                {"query": {"bool": {"filter": [{"term": {"tenant": "%s"}},
                  {"range": {"createdAt": {"gt": "%s"}}}]}}}""".formatted(tenant, newest.minusMillis(600)));
        List<String> remaining = descending.subList(600, descending.size());
        for (int offset : new int[] {9_000, 10_400, 10_850, 11_000, 11_350}) {
            Reply reply = SERVICE.get("/v3/release-download-events?limit=50&page=" + (offset / 50 + 1)
                    + "&sort=-createdAt", read);
            assertThat(reply.ids()).as("offset %d after the deletion", offset)
                    .containsExactlyElementsOf(remaining.subList(offset, offset + 50));
            assertThat(reply.header("X-Total-Count")).isEqualTo("11400");
        }
        descending = remaining;
        // With totals bounded below the event count, the service counts outward from where the pages start (and
        // the total is "at least the bound", as on the first page): exact pages all the same, both ways.
        ascending = descending.reversed();
        try (TestService bounded = TestService.start(Map.of("query.total.bound", "5000"))) {
            String token = bounded.token(tenant, "releaseDownloadEvent:read");
            Reply first = bounded.get("/v3/release-download-events?limit=100&sort=-createdAt", token);
            assertThat(first.header("X-Total-Count")).isEqualTo("5000");
            assertThat(first.header("X-Total-Count-Relation")).isEqualTo("gte");
            for (int offset : new int[] {10_000, 10_350, 11_000, 11_350}) {
                for (boolean down : new boolean[] {true, false}) {
                    Reply reply = bounded.get("/v3/release-download-events?limit=50&page=" + (offset / 50 + 1)
                            + (down ? "&sort=-createdAt" : ""), token);
                    assertThat(reply.ids()).as("offset %d %s, totals bounded", offset, down ? "descending" : "ascending")
                            .containsExactlyElementsOf((down ? descending : ascending).subList(offset, offset + 50));
                    assertThat(reply.header("X-Total-Count")).isEqualTo("5000");
                    assertThat(reply.header("X-Total-Count-Relation")).isEqualTo("gte");
                }
            }
        }
    }

    @Test
    void pagesReadFromRememberedMarksAreExactWhileEventsArriveAndGo() {
        // 30,000 events, six to a second (ties the id breaks), a status code of 200 or 403 in turn. The query's
        // first deep page counts; later ones are read between the marks it left. They must be the pages the walk
        // returns, both ways and filtered, with totals counted (under the bound of the shared service) and bounded
        // (at 5,000), also after events arrive before the marks (more than the pages' slack) and go again.
        String tenant = TestService.newTenant();
        String write = SERVICE.token(tenant, "events:write");
        List<String[]> events = new ArrayList<>(); // [id, time, status]
        for (int i = 0; i < 30_000; i++) {
            events.add(new String[] {String.format("m%05d", i), BASE.plusSeconds(i % 5000).toString(),
                    i % 2 == 0 ? "200" : "403"});
        }
        ingest(write, events);
        try (TestService bounded = TestService.start(Map.of("query.total.bound", "5000"))) {
            List<TestService> services = List.of(SERVICE, bounded);
            String[] queries = {"", "&sort=-createdAt", "&statusCode=403", "&statusCode=403&sort=-createdAt"};
            for (TestService service : services) {
                for (String query : queries) {
                    // The first deep page of each query counts (here, past the last event: all of them).
                    service.get("/v3/release-download-events?limit=100&page=400" + query,
                            service.token(tenant, "releaseDownloadEvent:read"));
                }
            }
            double fromMarks = deepPagesFound("marks");
            int pages = 0;
            for (TestService service : services) {
                pages += expectPages(service, service.token(tenant, "releaseDownloadEvent:read"), queries, events);
            }
            assertThat(deepPagesFound("marks") - fromMarks).as("pages read between remembered marks")
                    .isEqualTo(pages);

            // 60 events before all others (more than the slack of 10), and 40 among them, then 25 of the first go.
            List<String[]> arrived = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                arrived.add(new String[] {String.format("n%05d", i),
                        (i < 60 ? BASE.minusSeconds(1 + i % 7) : BASE.plusSeconds(1234)).toString(), "403"});
            }
            ingest(write, arrived);
            events.addAll(arrived);
            for (TestService service : services) {
                expectPages(service, service.token(tenant, "releaseDownloadEvent:read"), queries, events);
            }
            TestOpenSearch.raw("POST", "/events-release-downloads/_delete_by_query?refresh=true", """
                    {"query": {"bool": {"filter": [{"term": {"tenant": "%s"}},
                      {"range": {"createdAt": {"lt": "%s"}}}]}}}""".formatted(tenant, BASE.minusSeconds(4)));
            events.removeIf(event -> Instant.parse(event[1]).isBefore(BASE.minusSeconds(4)));
            for (TestService service : services) {
                expectPages(service, service.token(tenant, "releaseDownloadEvent:read"), queries, events);
            }
        }
    }

    @Test
    void pagesReadFromMarksReachIntoTheEventsWithoutTheSortField() {
        // 11,000 events with a status code (50 values, ties of 220) and 1,000 without, which sort last: pages read
        // between the marks of a status code sort, up to and across where the events without one begin.
        String tenant = TestService.newTenant();
        List<String> withStatus = new ArrayList<>();
        List<String> without = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        String write = SERVICE.token(tenant, "events:write");
        for (int i = 0; i < 12_000; i++) {
            String id = String.format("w%05d", i);
            (i < 11_000 ? withStatus : without).add(id);
            batch.append(batch.isEmpty() ? "[" : ",").append("{\"id\":\"").append(id).append("\",\"createdAt\":\"")
                    .append(BASE.plusSeconds(i)).append('"')
                    .append(i < 11_000 ? ",\"statusCode\":" + (200 + i % 50) : "").append('}');
            if (i % 1000 == 999) {
                Reply reply = SERVICE.postJson("/ingest/release-downloads", write, batch.append(']').toString());
                assertThat(reply.json().get("created").asInt()).as(reply.body()).isEqualTo(1000);
                batch.setLength(0);
            }
        }
        TestOpenSearch.raw("POST", "/events-release-downloads/_refresh", "");
        List<String> expected = new ArrayList<>(withStatus.stream()
                .sorted(Comparator.comparing((String id) -> Integer.parseInt(id.substring(1)) % 50).thenComparing(id -> id))
                .toList());
        expected.addAll(without);
        String read = SERVICE.token(tenant, "releaseDownloadEvent:read");
        SERVICE.get("/v3/release-download-events?limit=100&page=200&sort=statusCode", read); // counts them all
        double fromMarks = deepPagesFound("marks");
        for (int[] page : new int[][] {{100, 101}, {100, 109}, {100, 110}, {100, 111}, {50, 219}, {100, 120}, {100, 110}}) {
            int offset = (page[1] - 1) * page[0];
            Reply reply = SERVICE.get("/v3/release-download-events?limit=" + page[0] + "&page=" + page[1]
                    + "&sort=statusCode", read);
            assertThat(reply.ids()).as("offset %d", offset)
                    .containsExactlyElementsOf(expected.subList(offset, Math.min(12_000, offset + page[0])));
            assertThat(reply.header("X-Total-Count")).isEqualTo("12000");
        }
        assertThat(deepPagesFound("marks") - fromMarks).as("pages read between remembered marks").isPositive();
    }

    private static void ingest(String token, List<String[]> events) {
        for (int start = 0; start < events.size(); start += 1000) {
            StringBuilder batch = new StringBuilder("[");
            int end = Math.min(start + 1000, events.size());
            for (String[] event : events.subList(start, end)) {
                batch.append(batch.length() == 1 ? "" : ",").append("{\"id\":\"").append(event[0])
                        .append("\",\"createdAt\":\"").append(event[1]).append("\",\"statusCode\":")
                        .append(event[2]).append('}');
            }
            Reply reply = SERVICE.postJson("/ingest/release-downloads", token, batch.append(']').toString());
            assertThat(reply.json().get("created").asInt()).as(reply.body()).isEqualTo(end - start);
        }
        // Batches of old times land in other monthly indices: refresh them all.
        TestOpenSearch.raw("POST", "/events-release-downloads/_refresh", "");
    }

    /**
     * Deep pages of each query (the first and next, a jump, small pages, the last), against the events sorted,
     * with the service's totals: how many were asked.
     */
    private static int expectPages(TestService service, String token, String[] queries, List<String[]> events) {
        int pages = 0;
        for (String query : queries) {
            boolean down = query.contains("sort=-");
            Comparator<String[]> byTime = Comparator.comparing((String[] e) -> Instant.parse(e[1]));
            List<String> sorted = events.stream()
                    .filter(e -> !query.contains("statusCode") || e[2].equals("403"))
                    .sorted((down ? byTime.reversed() : byTime).thenComparing(e -> e[0]))
                    .map(e -> e[0]).toList();
            int lastPage = (sorted.size() - 1) / 100 + 1;
            for (int[] page : new int[][] {{100, 101}, {100, 102}, {50, 253}, {7, 1500}, {100, 120}, {100, lastPage}}) {
                int offset = (page[1] - 1) * page[0];
                int to = Math.min(sorted.size(), offset + page[0]);
                Reply reply = service.get("/v3/release-download-events?limit=" + page[0] + "&page=" + page[1] + query,
                        token);
                assertThat(reply.ids()).as("offset %d of %s", offset, query)
                        .containsExactlyElementsOf(sorted.subList(offset, to));
                boolean bounded = sorted.size() > 5000 && service != SERVICE;
                assertThat(reply.header("X-Total-Count")).isEqualTo(bounded ? "5000" : Integer.toString(sorted.size()));
                assertThat(reply.header("X-Total-Count-Relation")).isEqualTo(bounded ? "gte" : "eq");
                pages++;
            }
        }
        return pages;
    }

    /** Deep pages found {@code how}, as /observe/metrics counts them (in this process: all services). */
    private static double deepPagesFound(String how) {
        String metrics = SERVICE.get("/observe/metrics", null).body();
        return metrics.lines().filter(line -> line.startsWith("deep_pages_total{found=\"" + how + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
