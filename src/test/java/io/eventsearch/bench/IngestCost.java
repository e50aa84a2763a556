package io.eventsearch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventsearch.testing.ServiceProcess;
import io.eventsearch.testing.TestKeys;

/**
 * {@code scripts/bench --ingest-cost}: only the service's CPU per ingested event, quickly. Release downloads
 * through the service (2 producers, batches of 1,000, bodies made before the clock runs), in tenths; the CPU
 * time of the service process (and of its JIT compilers) per event for each tenth, so that the steady state
 * shows apart from warm-up, and by thread kind over the last half; then the same bodies to {@link IngestFloor}, a bare
 * Helidon server that only reads them and answers, whose CPU per event is the floor under any ingest path on this
 * server and machine. A tool for working on the ingest path:
 * {@code --profile} records the service with JFR; {@code BENCH_JVM} adds options to its JVM (a profiler agent).
 */
public final class IngestCost {

    private static final int BATCH = 1000;
    private static final int PRODUCERS = 2;

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 400_000);
        URI openSearch = URI.create(System.getProperty("bench.opensearch", "http://127.0.0.1:9260"));
        Path jwk = TestKeys.newJwkSet("bench");
        ServiceProcess service = BenchService.process(openSearch, jwk);
        String tenant = "cost" + Long.toString(System.currentTimeMillis(), 36);
        String token = TestKeys.issuer(jwk).issue("bench", tenant, "events:write", Duration.ofHours(2));
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < events; from += BATCH) {
            bodies.add(BenchEvents.batch(from, Math.min(events, from + BATCH)));
        }
        HttpClient http = HttpClient.newHttpClient();
        double serviceCpu;
        try {
            service.start();
            serviceCpu = measure(http, service, token, bodies, "the service");
            int listings = Integer.getInteger("bench.listings", 0);
            if (listings > 0) {
                listing(http, service, openSearch, TestKeys.issuer(jwk).issue("bench", tenant,
                        "releaseDownloadEvent:read", Duration.ofHours(2)), listings);
            }
        } finally {
            service.stop();
        }
        ServiceProcess floor = BenchService.floor(openSearch, jwk);
        try {
            floor.start();
            double floorCpu = measure(http, floor, token, bodies, "the floor (Helidon alone: read the body, answer)");
            System.out.printf("service CPU per event over the last half: %.1f µs, of which the floor %.1f µs and "
                    + "the ingest path %.1f µs%n", serviceCpu, floorCpu, serviceCpu - floorCpu);
        } finally {
            floor.stop();
        }
        System.exit(0);
    }

    /**
     * Sends every body to {@code process} in tenths, printing its CPU per event for each; its CPU per event over the
     * last half, which it also prints by thread kind.
     */
    private static double measure(HttpClient http, ServiceProcess process, String token, List<byte[]> bodies,
                                  String what) throws Exception {
        System.out.printf("%s:%n", what);
        int tenth = Math.max(1, bodies.size() / 10);
        Map<String, Long> threadsBefore = Map.of();
        long lastHalfCpu = 0;
        int lastHalf = 0;
        for (int first = 0; first < bodies.size(); first += tenth) {
            if (first >= bodies.size() / 2 && threadsBefore.isEmpty()) {
                threadsBefore = CpuTime.byThreadKind(process.pid());
                lastHalfCpu = CpuTime.micros(process.pid());
                lastHalf = (bodies.size() - first) * BATCH;
            }
            int last = Math.min(bodies.size(), first + tenth);
            long cpu = CpuTime.micros(process.pid()), jit = CpuTime.compilerMicros(process.pid());
            long start = System.nanoTime();
            send(http, process.uri("/ingest/release-downloads"), token, bodies.subList(first, last));
            double seconds = (System.nanoTime() - start) / 1e9;
            int count = (last - first) * BATCH;
            System.out.printf("events %,9d to %,9d: %,7.0f events/s, CPU %5.1f µs per event (JIT %4.1f)%n",
                    first * BATCH, last * BATCH, count / seconds,
                    (double) (CpuTime.micros(process.pid()) - cpu) / count,
                    (double) (CpuTime.compilerMicros(process.pid()) - jit) / count);
        }
        double perEvent = (double) (CpuTime.micros(process.pid()) - lastHalfCpu) / lastHalf;
        System.out.printf("CPU per event over the last %,d events: %.1f µs; by thread kind:%n", lastHalf, perEvent);
        printByThreadKind(process, threadsBefore, lastHalf, 1, "%5.2f µs");
        return perEvent;
    }

    /** Bench's listing, {@code count} times after as many to warm up: the service's CPU per listing by thread kind. */
    private static void listing(HttpClient http, ServiceProcess service, URI openSearch, String token, int count)
            throws Exception {
        new OpenSearchHttp(openSearch).post("/events-release-downloads/_refresh", "");
        HttpRequest request = HttpRequest.newBuilder(service.uri(Bench.LISTING))
                .header("Authorization", "Bearer " + token).build();
        int warmUp = Integer.getInteger("bench.listings.warmup", count);
        for (int i = 0; i < warmUp; i++) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        System.out.printf("listing: warmed up with %,d requests, measuring %,d%n", warmUp, count);
        Map<String, Long> before = CpuTime.byThreadKind(service.pid());
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - start;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("listing answered " + answer.statusCode() + ": " + answer.body());
            }
        }
        Arrays.sort(nanos);
        System.out.printf("listing p50 %.2f ms; service CPU per listing, by thread kind:%n", nanos[count / 2] / 1e6);
        printByThreadKind(service, before, count, 1000, "%6.3f ms");
    }

    /** The CPU each kind of the service's threads used since {@code before}, per {@code per}, in {@code unit} µs. */
    private static void printByThreadKind(ServiceProcess service, Map<String, Long> before, int per, int unit,
                                          String format) {
        CpuTime.byThreadKind(service.pid()).forEach((kind, micros) -> {
            double share = (double) (micros - before.getOrDefault(kind, 0L)) / per / unit;
            if (share >= 0.005) { // the kinds that hardly ran are left out
                System.out.printf("  " + format + "  %s%n", share, kind);
            }
        });
    }

    private static void send(HttpClient http, URI uri, String token, List<byte[]> bodies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                running.add(producers.submit(() -> {
                    for (int b = next.getAndIncrement(); b < bodies.size(); b = next.getAndIncrement()) {
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(b))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 200 || !answer.body().contains("\"rejected\":0")) {
                            throw new IllegalStateException("ingest answered " + answer.statusCode() + ": "
                                    + answer.body().substring(0, Math.min(300, answer.body().length())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> producer : running) {
                producer.get();
            }
        }
    }
}
