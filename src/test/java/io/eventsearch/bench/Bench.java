package io.eventsearch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.geoip.GeoIpDatabase;
import io.eventsearch.security.TokenIssuer;
import io.eventsearch.testing.ServiceProcess;
import io.eventsearch.testing.TestGeoIp;
import io.eventsearch.testing.TestKeys;

/**
 * {@code scripts/bench}: the service side by side with OpenSearch alone, in one run on one machine. Ingest through
 * the service against a raw {@code _bulk} of the very documents the service stored and against OpenSearch's own
 * {@code geoip} pipeline fed the producer's events (same batches, same concurrency, interleaved in rounds so that
 * the machine's drift hits all three); CPU per event of both processes; listing latency through the API against the
 * identical search sent straight to OpenSearch; deep offset and cursor pages against the first; GeoIP lookups.
 * Writes {@code target/bench/results.json}. Numbers, not assertions: speed lives here, not in the tests.
 */
public final class Bench {

    private static final int BATCH = 1000;
    private static final int PRODUCERS = 2;
    private static final int ROUNDS = 3;
    /** How many events the side-by-side ingest comparison uses; the rest of the load only fills the indices. */
    private static final int COMPARED_EVENTS = 120_000;
    private static final int LISTING_REQUESTS = 600;
    private static final int LISTING_WARMUP = 10_000;
    private static final int LISTING_WARMUP_MAX = 16_000;
    private static final int DEEP_REQUESTS = 25;
    private static final int CURSOR_DEPTH = 100_000;
    static final String LISTING = "/v3/release-download-events?productId=prod-2"
            + "&createdAt%5Bgte%5D=2024-03-01T00:00:00Z&createdAt%5Blte%5D=2024-10-31T23:59:59Z&sort=-createdAt&limit=100";

    private final int events;
    private final OpenSearchHttp openSearch;
    private final ServiceProcess service;
    private final String tenant = "bench" + Long.toString(System.currentTimeMillis(), 36);
    private final String writeToken;
    private final String readToken;
    private final String searchToken;
    private final TokenIssuer tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    private Bench(int events, OpenSearchHttp openSearch, ServiceProcess service, TokenIssuer tokens) {
        this.events = events;
        this.openSearch = openSearch;
        this.service = service;
        this.tokens = tokens;
        this.writeToken = tokens.issue("bench", tenant, "events:write", Duration.ofHours(12));
        this.readToken = tokens.issue("bench", tenant, "releaseDownloadEvent:read", Duration.ofHours(12));
        this.searchToken = tokens.issue("bench", tenant, "events:read", Duration.ofHours(12));
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 1_000_000);
        URI openSearch = URI.create(System.getProperty("bench.opensearch", "http://127.0.0.1:9260"));
        Path out = Path.of(System.getProperty("bench.out", "target/bench/results.json"));
        Path jwk = TestKeys.newJwkSet("bench");
        ServiceProcess service = BenchService.process(openSearch, jwk);
        try {
            service.start();
            Bench bench = new Bench(events, new OpenSearchHttp(openSearch), service, TestKeys.issuer(jwk));
            bench.run();
            bench.write(out);
        } finally {
            service.stop();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        results.put("events", events);
        geoIp();
        ingest();
        listing();
        deepPages();
        cursor();
    }

    // ---- GeoIP ------------------------------------------------------------------------------------------------

    private void geoIp() throws IOException {
        try (GeoIpDatabase db = GeoIpDatabase.open(TestGeoIp.database())) {
            int distinct = 1 << 20; // a million random addresses, which fall into about 120,000 records of GeoLite2 City
            InetAddress[] addresses = new InetAddress[distinct];
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < distinct; i++) {
                int ip = random.nextInt();
                addresses[i] = InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16),
                        (byte) (ip >>> 8), (byte) ip});
            }
            // Steady state: every address seen once first, as a running service has seen its clients' networks (the
            // first lookup of a network decodes its record, 3 to 4 µs; BENCHMARKS.md).
            long found = 0;
            for (int i = 0; i < distinct; i++) {
                found += db.encoded(addresses[i]) != null ? 1 : 0;
            }
            int lookups = 2_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                found += db.encoded(addresses[(i * 7919) & (distinct - 1)]) != null ? 1 : 0; // as ingest looks up
            }
            double micros = (System.nanoTime() - start) / 1000.0 / lookups;
            results.put("geoip_lookup_us", round(micros, 2));
            progress("geoip: %,d City lookups of random IPv4 addresses, %.2f µs each (%d%% listed)", lookups, micros,
                    found * 100 / (lookups + distinct));
        }
    }

    // ---- ingest -----------------------------------------------------------------------------------------------

    private void ingest() throws Exception {
        int compared = Math.min(events, COMPARED_EVENTS);
        prepareComparison();
        List<byte[]> stored = sourcePass(compared);
        progress("warming up OpenSearch's geoip pipeline");
        runProducers(0, Math.min(compared, 20 * BATCH), (from, to) -> openSearch.bulk("/_bulk?pipeline=bench-geoip",
                pipelineBody(from, to, "bench-pipeline")));
        createComparisonIndices();

        // Every side's bodies made before the clock runs, as the raw side's are: a producer that builds its batch
        // while the clock runs leaves OpenSearch idle meanwhile, and takes CPU from it on these two cores.
        List<byte[]> serviceBodies = new ArrayList<>(stored.size());
        List<byte[]> pipelineBodies = new ArrayList<>(stored.size());
        for (int b = 0; b < stored.size(); b++) {
            int from = b * BATCH, to = Math.min(compared, (b + 1) * BATCH);
            serviceBodies.add(BenchEvents.batch(from, to));
            pipelineBodies.add(pipelineBody(from, to, "bench-pipeline"));
        }
        long[] nanos = new long[3];
        long serviceCpu = 0, serviceJit = 0, openSearchCpu = 0;
        int batches = stored.size(), perRound = (batches + ROUNDS - 1) / ROUNDS;
        for (int round = 0; round < ROUNDS; round++) {
            int first = round * perRound, last = Math.min(batches, first + perRound);
            progress("ingest round %d of %d: events %,d to %,d through the service, raw _bulk, geoip pipeline "
                    + "(the order turns each round)", round + 1, ROUNDS, first * BATCH, Math.min(compared, last * BATCH));
            for (int step = 0; step < 3; step++) {
                int side = (round + step) % 3;
                long cpuBefore = CpuTime.micros(service.pid()), openSearchBefore = openSearch.cpuMicros();
                long jitBefore = CpuTime.compilerMicros(service.pid());
                long start = System.nanoTime();
                switch (side) {
                    case 0 -> runBatches(last - first, b -> post(service.uri("/ingest/release-downloads"),
                            writeToken, serviceBodies.get(first + b), "application/json"));
                    case 1 -> runBatches(last - first, b -> openSearch.bulk("/_bulk", stored.get(first + b)));
                    default -> runBatches(last - first, b -> openSearch.bulk("/_bulk?pipeline=bench-geoip",
                            pipelineBodies.get(first + b)));
                }
                nanos[side] += System.nanoTime() - start;
                if (side == 0) {
                    serviceCpu += CpuTime.micros(service.pid()) - cpuBefore;
                    serviceJit += CpuTime.compilerMicros(service.pid()) - jitBefore;
                    openSearchCpu += openSearch.cpuMicros() - openSearchBefore;
                }
            }
        }
        double serviceEps = compared / (nanos[0] / 1e9);
        double rawEps = compared / (nanos[1] / 1e9);
        double pipelineEps = compared / (nanos[2] / 1e9);
        results.put("ingest_service_eps", Math.round(serviceEps));
        results.put("ingest_raw_bulk_eps", Math.round(rawEps));
        results.put("ingest_pipeline_geoip_eps", Math.round(pipelineEps));
        results.put("ingest_ratio_vs_raw", round(serviceEps / rawEps, 3));
        results.put("ingest_ratio_vs_pipeline", round(serviceEps / pipelineEps, 3));
        results.put("ingest_service_cpu_us_per_event", round((double) serviceCpu / compared, 1));
        results.put("ingest_opensearch_cpu_us_per_event", round((double) openSearchCpu / compared, 1));
        results.put("ingest_service_jit_cpu_us_per_event", round((double) serviceJit / compared, 1));
        progress("ingest: service %,.0f events/s, raw _bulk %,.0f, geoip pipeline %,.0f; CPU per event: service "
                + "%.1f µs (of which the JIT compilers %.1f µs), OpenSearch %.1f µs", serviceEps, rawEps, pipelineEps,
                (double) serviceCpu / compared, (double) serviceJit / compared, (double) openSearchCpu / compared);
        cleanUpComparison();
        if (events > compared) {
            // The rest through the service; the last third of it measured apart: by then the service has taken
            // most of the events, its JIT has had the time it takes on a long-running instance.
            int settled = events - (events - compared) / 3;
            long start = System.nanoTime();
            runProducers(compared, settled, this::postBatch);
            long cpuBefore = CpuTime.micros(service.pid()), jitBefore = CpuTime.compilerMicros(service.pid());
            runProducers(settled, events, this::postBatch);
            double eps = (events - compared) / ((System.nanoTime() - start) / 1e9);
            double cpu = (double) (CpuTime.micros(service.pid()) - cpuBefore) / (events - settled);
            double jit = (double) (CpuTime.compilerMicros(service.pid()) - jitBefore) / (events - settled);
            results.put("ingest_service_cpu_us_per_event_settled", round(cpu, 1));
            results.put("ingest_service_jit_cpu_us_per_event_settled", round(jit, 1));
            notes.put("load", String.format("the other %,d events through the service at %,.0f events/s; over the "
                    + "last %,d of them its CPU per event was %.1f µs (JIT compilers %.1f)", events - compared, eps,
                    events - settled, cpu, jit));
        }
        openSearch.post("/events-release-downloads/_refresh", "");
    }

    /**
     * The compared events through the service once, under a tenant of their own, untimed (it warms the service up
     * too): what it stored is what the raw side sends, in the same batches.
     */
    private List<byte[]> sourcePass(int compared) throws Exception {
        progress("storing %,d events through the service once, for the raw side and to warm up", compared);
        String source = tenant + "-source";
        String token = tokens.issue("bench", source, "events:write", Duration.ofHours(1));
        runProducers(0, compared, (from, to) -> post(service.uri("/ingest/release-downloads"), token,
                BenchEvents.batch(from, to), "application/json"));
        openSearch.post("/events-release-downloads/_refresh", "");
        return storedDocuments(source, compared);
    }

    /** Templates for the two comparison index families (the release-downloads mapping) and the geoip pipeline. */
    private void prepareComparison() throws IOException {
        cleanUpComparison();
        ObjectNode template = (ObjectNode) new ObjectMapper().readTree(Files.readString(
                Path.of("index-templates/release-downloads.json")));
        ((ObjectNode) template.get("template")).remove("aliases");
        template.remove("_meta");
        for (String family : List.of("bench-raw", "bench-pipeline")) {
            template.putArray("index_patterns").add(family + "-*");
            openSearch.put("/_index_template/" + family, template.toString());
        }
        openSearch.put("/_ingest/pipeline/bench-geoip", """
                {"description": "what the service does on ingest, done by OpenSearch's own processors",
                 "processors": [
                  {"geoip": {"field": "location.ipAddress", "target_field": "geo", "ignore_missing": true,
                    "properties": ["country_iso_code", "country_name", "region_iso_code", "region_name", "city_name",
                                   "timezone", "location"]}},
                  {"rename": {"field": "geo.country_iso_code", "target_field": "location.countryCode", "ignore_missing": true}},
                  {"rename": {"field": "geo.country_name", "target_field": "location.countryName", "ignore_missing": true}},
                  {"rename": {"field": "geo.region_iso_code", "target_field": "location.regionCode", "ignore_missing": true}},
                  {"rename": {"field": "geo.region_name", "target_field": "location.regionName", "ignore_missing": true}},
                  {"rename": {"field": "geo.city_name", "target_field": "location.city", "ignore_missing": true}},
                  {"rename": {"field": "geo.timezone", "target_field": "location.timeZone", "ignore_missing": true}},
                  {"rename": {"field": "geo.location", "target_field": "location.point", "ignore_missing": true}},
                  {"remove": {"field": "geo", "ignore_missing": true}},
                  {"set": {"field": "tenant", "value": "%s"}},
                  {"set": {"field": "@ingested", "value": "{{{_ingest.timestamp}}}"}}
                 ]}""".formatted(tenant));
        createComparisonIndices();
    }

    private void cleanUpComparison() {
        for (String family : List.of("bench-raw", "bench-pipeline")) {
            openSearch.delete("/" + family + "-*?expand_wildcards=all");
            openSearch.delete("/_index_template/" + family);
        }
        openSearch.delete("/_ingest/pipeline/bench-geoip");
    }


    /**
     * Empty monthly indices for both comparison families (clusters may forbid creating them on write, as
     * {@code scripts/opensearch} does; the service creates its own on the first write of a month).
     */
    private void createComparisonIndices() {
        for (String family : List.of("bench-raw", "bench-pipeline")) {
            openSearch.delete("/" + family + "-*?expand_wildcards=all");
            for (int month = 1; month <= 12; month++) {
                openSearch.put("/" + family + "-2024." + (month < 10 ? "0" : "") + month, "{}");
            }
        }
    }


    private void postBatch(int from, int to) {
        post(service.uri("/ingest/release-downloads"), writeToken, BenchEvents.batch(from, to), "application/json");
    }

    /** What the service stored for {@code source}, as bulk bodies of {@link #BATCH} into the raw family. */
    private List<byte[]> storedDocuments(String source, int expected) {
        List<byte[]> bodies = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int inBody = 0, seen = 0;
        String after = null;
        while (true) {
            String query = """
                    {"size": 5000, "sort": [{"id": "asc"}], "query": {"term": {"tenant": "%s"}}%s}"""
                    .formatted(source, after == null ? "" : ", \"search_after\": [\"" + after + "\"]");
            JsonNode hits = openSearch.post("/events-release-downloads/_search", query).path("hits").path("hits");
            if (hits.isEmpty()) {
                break;
            }
            for (JsonNode hit : hits) {
                String index = hit.get("_index").asText().replace("events-release-downloads-", "bench-raw-");
                body.append("{\"create\":{\"_index\":\"").append(index).append("\",\"_id\":")
                        .append(hit.get("_id")).append("}}\n").append(hit.get("_source")).append('\n');
                seen++;
                if (++inBody == BATCH) {
                    bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
                    body.setLength(0);
                    inBody = 0;
                }
                after = hit.get("sort").get(0).asText();
            }
        }
        if (inBody > 0) {
            bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (seen != expected) {
            throw new IllegalStateException("the service stored " + seen + " of " + expected + " events");
        }
        return bodies;
    }



    /** The producer's events as a bulk body: what a producer writing to OpenSearch itself would send. */
    private byte[] pipelineBody(int from, int to, String family) {
        StringBuilder body = new StringBuilder();
        for (int i = from; i < to; i++) {
            body.append("{\"create\":{\"_index\":\"").append(family).append('-').append(BenchEvents.month(i))
                    .append("\",\"_id\":\"").append(tenant).append(":dl-").append(i).append("\"}}\n")
                    .append(BenchEvents.event(i)).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends batches 0..count-1 with {@link #PRODUCERS} concurrent producers. */
    private void runBatches(int count, IntConsumer send) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                running.add(producers.submit(() -> {
                    for (int b = next.getAndIncrement(); b < count; b = next.getAndIncrement()) {
                        send.accept(b);
                    }
                    return null;
                }));
            }
            for (Future<?> producer : running) {
                producer.get();
            }
        }
    }

    /** Events from..to in batches by {@link #PRODUCERS} producers, with progress every tenth of the way. */
    private void runProducers(int from, int to, BatchSender send) throws Exception {
        int batches = (to - from + BATCH - 1) / BATCH;
        AtomicInteger finished = new AtomicInteger();
        long start = System.nanoTime();
        runBatches(batches, b -> {
            int first = from + b * BATCH;
            send.send(first, Math.min(to, first + BATCH));
            int n = finished.incrementAndGet();
            if (batches >= 50 && n % (batches / 10) == 0) {
                progress("  loaded %,d of %,d events (%,.0f events/s)", (long) n * BATCH, to - from,
                        n * BATCH / ((System.nanoTime() - start) / 1e9));
            }
        });
    }

    @FunctionalInterface
    private interface BatchSender {
        void send(int from, int to);
    }


    // ---- queries ----------------------------------------------------------------------------------------------

    /** The listing through the API and the identical search straight to OpenSearch, alternating request by request. */
    private void listing() throws IOException {
        SearchRecorder.Search direct = recordedSearch(LISTING);
        Latencies api = new Latencies();
        Latencies straight = new Latencies();
        // Warm up until the service's JIT has compiled the listing path, as a running service has long done: a method
        // that runs once a request reaches C2 only after thousands of requests, and until then the service's CPU per
        // listing is two to three times its settled cost (1.5 to 2 ms here after 15,000 requests, 4.7 ms after 2,200),
        // besides what the compilers take, and compiling comes in bursts (a round of 500 can be quiet at 4,000 and
        // the next 600 requests cost 2.4 ms of JIT each). Rounds of 500, at least LISTING_WARMUP requests, then until
        // the JIT compilers take under a tenth of the service's CPU in a round, at most LISTING_WARMUP_MAX. Smaller
        // runs (the smoke run of scripts/test) scale both down: a hundredth and a sixtieth of their events.
        int least = Math.min(LISTING_WARMUP, events / 100);
        int most = Math.min(LISTING_WARMUP_MAX, Math.max(least, events / 60));
        int warmup = 0;
        while (warmup < most) {
            long before = CpuTime.micros(service.pid()), jitBefore = CpuTime.compilerMicros(service.pid());
            for (int i = 0; i < 500; i++) {
                get(LISTING, readToken);
                openSearch.searchDiscarding(direct.pathAndQuery(), direct.body());
            }
            warmup += 500;
            long cpu = CpuTime.micros(service.pid()) - before, jit = CpuTime.compilerMicros(service.pid()) - jitBefore;
            if (warmup >= least && jit < cpu / 10) {
                break;
            }
        }
        results.put("query_warmup_requests", warmup);
        long cpuBefore = CpuTime.micros(service.pid()), jitBefore = CpuTime.compilerMicros(service.pid());
        for (int i = 0; i < LISTING_REQUESTS; i++) {
            long start = System.nanoTime();
            get(LISTING, readToken);
            api.add(System.nanoTime() - start);
            start = System.nanoTime();
            openSearch.searchDiscarding(direct.pathAndQuery(), direct.body());
            straight.add(System.nanoTime() - start);
        }
        results.put("query_p50_ms", round(api.percentileMs(50), 2));
        results.put("query_p99_ms", round(api.percentileMs(99), 2));
        results.put("query_direct_p50_ms", round(straight.percentileMs(50), 2));
        results.put("query_overhead_ratio", round(api.percentileMs(50) / straight.percentileMs(50), 3));
        double cpuMs = (CpuTime.micros(service.pid()) - cpuBefore) / 1000.0 / LISTING_REQUESTS;
        results.put("query_service_cpu_ms_per_request", round(cpuMs, 2));
        results.put("query_service_jit_cpu_ms_per_request",
                round((CpuTime.compilerMicros(service.pid()) - jitBefore) / 1000.0 / LISTING_REQUESTS, 2));
        progress("listing (product + date range + sort, 100 events): API p50 %.2f ms, p99 %.2f ms; direct p50 %.2f ms;"
                + " the service's CPU %.2f ms a request", api.percentileMs(50), api.percentileMs(99),
                straight.percentileMs(50), cpuMs);
    }

    /**
     * The search the service sends for {@code listing}: a second instance of the service, pointed at a relay that
     * records, answers it once.
     */
    private SearchRecorder.Search recordedSearch(String listing) throws IOException {
        try (SearchRecorder recorder = new SearchRecorder(openSearch.base())) {
            Path jwk = TestKeys.newJwkSet("bench-recorder");
            ServiceProcess recorded = new ServiceProcess(recorder.uri(), jwk);
            try {
                recorded.start();
                String token = TestKeys.issuer(jwk).issue("bench", tenant, "releaseDownloadEvent:read", Duration.ofMinutes(5));
                HttpResponse<String> answer = send(HttpRequest.newBuilder(recorded.uri(listing)), token);
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("the recorded listing answered " + answer.statusCode());
                }
            } finally {
                try {
                    recorded.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<SearchRecorder.Search> searches = recorder.searches();
            if (searches.size() != 1) {
                throw new IllegalStateException("the listing sent " + searches.size() + " searches, not one");
            }
            return searches.get(0);
        }
    }

    private void deepPages() {
        Latencies first = timed("/v3/release-download-events?limit=100", DEEP_REQUESTS * 2);
        results.put("deep_first_page_p50_ms", round(first.percentileMs(50), 2));
        // The first deep page of a query counts its events up to its offset (at its last page, all of them); the
        // service then remembers how far they reached, and later deep pages of the same query (any offset) count
        // only about as far as theirs. That first one, as deep as the events go, is reported apart.
        long deepest = Math.max(0, (events - 100) / 100 * 100);
        if (deepest + 100 > 10_000) {
            long start = System.nanoTime();
            get("/v3/release-download-events?limit=100&page=" + (deepest / 100 + 1), readToken);
            double ms = (System.nanoTime() - start) / 1e6;
            results.put("deep_offset_first_request_ratio", round(ms / first.percentileMs(50), 2));
            progress("the query's first deep page, at offset %,d: %.1f ms, %.2f times the first page", deepest, ms,
                    ms / first.percentileMs(50));
        }
        for (long depth : new long[] {10_000, 100_000, 1_000_000}) {
            String key = "deep_offset_" + (depth >= 1_000_000 ? depth / 1_000_000 + "m" : depth / 1000 + "k")
                    + "_ratio";
            // As deep as the events go, when they end before the named depth: 999,900 of a million events.
            long offset = Math.min(depth, (events - 100) / 100 * 100);
            if (offset < depth / 2) {
                results.put(key, null);
                notes.put(key, "not measured: " + events + " events hold no page near offset " + depth);
                continue;
            }
            if (offset != depth) {
                notes.put(key, "measured at offset " + offset + ", the last page of " + events + " events");
            }
            Latencies deep = timed("/v3/release-download-events?limit=100&page=" + (offset / 100 + 1), DEEP_REQUESTS);
            results.put(key, round(deep.percentileMs(50) / first.percentileMs(50), 2));
            progress("page at offset %,d: p50 %.1f ms, %.2f times the first page (%.1f ms)", offset,
                    deep.percentileMs(50), deep.percentileMs(50) / first.percentileMs(50), first.percentileMs(50));
        }
    }

    /** Follows the native search's cursor as deep as the offsets go and compares its last pages with its first. */
    private void cursor() {
        String search = "/api/events?q=" + URLEncoder.encode("stream: release-downloads", StandardCharsets.UTF_8)
                + "&limit=100";
        Latencies first = timed(search, DEEP_REQUESTS * 2, searchToken);
        int depth = Math.min(CURSOR_DEPTH, events - 100);
        int pages = depth / 100;
        Latencies last = new Latencies();
        String next = search;
        for (int page = 0; page < pages && next != null; page++) {
            long start = System.nanoTime();
            JsonNode answer = json(get(next, searchToken));
            if (page >= pages - DEEP_REQUESTS) {
                last.add(System.nanoTime() - start);
            }
            next = answer.hasNonNull("next") ? answer.get("next").asText() : null;
            if (pages >= 100 && page % (pages / 5) == 0) {
                progress("  cursor page %,d of %,d", page, pages);
            }
        }
        results.put("deep_cursor_ratio", last.count() == 0 ? null
                : round(last.percentileMs(50) / first.percentileMs(50), 2));
        if (last.count() > 0) {
            progress("cursor pages at depth %,d: p50 %.1f ms, %.2f times its first page (%.1f ms)", depth,
                    last.percentileMs(50), last.percentileMs(50) / first.percentileMs(50), first.percentileMs(50));
        }
    }

    private Latencies timed(String pathAndQuery, int requests) {
        return timed(pathAndQuery, requests, readToken);
    }

    private Latencies timed(String pathAndQuery, int requests, String token) {
        get(pathAndQuery, token);
        Latencies latencies = new Latencies();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            get(pathAndQuery, token);
            latencies.add(System.nanoTime() - start);
        }
        return latencies;
    }

    // ---- HTTP and output --------------------------------------------------------------------------------------

    private String get(String pathAndQuery, String token) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(service.uri(pathAndQuery)), token);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + ": " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    private void post(URI uri, String token, byte[] body, String contentType) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), token);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("POST " + uri + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>(results);
        document.put("notes", notes);
        mapper.writeValue(out.toFile(), document);
        System.out.println();
        System.out.printf("%-36s %s%n", "result", "value");
        results.forEach((key, value) -> System.out.printf("%-36s %s%n", key, value == null ? "-" : value));
        notes.forEach((key, value) -> System.out.printf("note: %s%n", value));
        System.out.println("written to " + out);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static void progress(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
