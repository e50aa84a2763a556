package io.eventsearch.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;

/**
 * A bounded soak (scripts/soak, or SOAK=1 scripts/test): for {@code soak.seconds} (180), two producers ingest, two
 * readers list with filters and full text, one reader pages deep past the 10,000-hit window, all against one
 * service and a real OpenSearch on loopback. Reports latencies per kind, heap after GC and live threads over time;
 * exits 1 on any answer other than 200 or 503, or when heap or threads keep growing.
 */
public final class Soak {

    private static final Duration LENGTH = Duration.ofSeconds(Integer.getInteger("soak.seconds", 180));
    private static final Map<String, List<Long>> LATENCIES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> STATUSES = new ConcurrentHashMap<>();

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Logger.getLogger("io.eventsearch.access").setLevel(Level.WARNING);
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        try (TestService service = TestService.start(Map.of())) {
            String tenant = TestService.newTenant();
            String write = service.token(tenant, "events:write");
            String read = service.token(tenant, "releaseDownloadEvent:read");
            String search = service.token(tenant, "events:read");
            AtomicInteger stored = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(5);
            List<Future<?>> all = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int producer = p;
                all.add(workers.submit(() -> {
                    Random random = new Random(producer);
                    for (int batch = 0; running.get(); batch++) {
                        StringBuilder events = new StringBuilder("[");
                        for (int i = 0; i < 500; i++) {
                            events.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(producer).append('-')
                                    .append(batch).append('-').append(i).append("\",\"createdAt\":")
                                    .append(1_717_200_000_000L + random.nextInt(2_000_000_000)).append(",\"statusCode\":")
                                    .append(random.nextBoolean() ? 200 : 403).append(",\"releaseFileName\":\"app-")
                                    .append(random.nextInt(50)).append(".dmg\",\"releaseId\":\"r").append(random.nextInt(20))
                                    .append("\"}");
                        }
                        Reply reply = timed("ingest 500", () -> service.postJson("/ingest/release-downloads", write,
                                events.append(']').toString()));
                        if (reply.status() == 200) {
                            stored.addAndGet(reply.json().get("created").asInt());
                        }
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                int reader = r;
                all.add(workers.submit(() -> {
                    Random random = new Random(100 + reader);
                    while (running.get()) {
                        timed("list filtered", () -> service.get("/v3/release-download-events?limit=100&releaseId=r"
                                + random.nextInt(20) + "&sort=-createdAt&statusCode[in]=200,403", read));
                        timed("list full text", () -> service.get("/v3/release-download-events?limit=20&search=app-"
                                + random.nextInt(50), read));
                    }
                    return null;
                }));
            }
            all.add(workers.submit(() -> {
                Random random = new Random(200);
                while (running.get()) {
                    if (stored.get() > 12_000) {
                        timed("deep page (offset 11,900)", () -> service.get("/v3/release-download-events?limit=100&page=120",
                                read));
                        timed("export (one release, NDJSON)", () -> export(service, search, random.nextInt(20)));
                    } else {
                        Thread.onSpinWait();
                    }
                }
                return null;
            }));
            // Heap and threads every 10 s; the run ends after LENGTH, when the workers see running turn false.
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            clock.scheduleAtFixedRate(() -> samples.add(sample()), 0, 10, TimeUnit.SECONDS);
            clock.schedule(() -> running.set(false), LENGTH.toMillis(), TimeUnit.MILLISECONDS);
            for (Future<?> worker : all) {
                worker.get();
            }
            clock.shutdownNow();
            workers.shutdown();
            samples.add(sample());
            System.out.println("soak: " + LENGTH.toSeconds() + " s, " + stored.get() + " events stored");
        }
        report(samples);
    }

    /** Heap in use after a GC, and live threads. */
    private static long[] sample() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return new long[] {(runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024),
                ManagementFactory.getThreadMXBean().getThreadCount()};
    }

    /** Every event of one release as NDJSON, read line by line and dropped: the soak holds none of it. */
    private static Reply export(TestService service, String token, int release) {
        try {
            HttpResponse<Stream<String>> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.uri(
                    "/api/events?format=ndjson&q=stream:release-downloads%20releaseId:r" + release))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
            long lines;
            try (Stream<String> body = answer.body()) {
                lines = body.count();
            }
            return new Reply(answer.statusCode(), null, lines + " lines", null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Reply timed(String kind, java.util.function.Supplier<Reply> call) {
        long start = System.nanoTime();
        Reply reply = call.get();
        LATENCIES.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>()))
                .add((System.nanoTime() - start) / 1_000_000);
        STATUSES.computeIfAbsent(kind + " -> " + reply.status(), k -> new AtomicInteger()).incrementAndGet();
        return reply;
    }

    private static void report(List<long[]> samples) {
        new TreeMap<>(LATENCIES).forEach((kind, times) -> {
            List<Long> sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            System.out.printf("soak: %-28s %6d requests, p50 %5d ms, p95 %5d ms, p99 %5d ms%n", kind, sorted.size(),
                    at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
        });
        System.out.println("soak: answers " + new TreeMap<>(STATUSES));
        StringBuilder heap = new StringBuilder();
        StringBuilder threads = new StringBuilder();
        samples.forEach(s -> {
            heap.append(' ').append(s[0]);
            threads.append(' ').append(s[1]);
        });
        System.out.println("soak: heap after GC (MiB) over time:" + heap);
        System.out.println("soak: live threads over time:" + threads);

        boolean failed = STATUSES.keySet().stream().anyMatch(k -> !k.endsWith("-> 200") && !k.endsWith("-> 503"));
        int third = Math.max(1, samples.size() / 3);
        long heapEarly = samples.subList(0, third).stream().mapToLong(s -> s[0]).max().orElse(0);
        long heapLate = samples.subList(samples.size() - third, samples.size()).stream().mapToLong(s -> s[0]).min().orElse(0);
        long threadsEarly = samples.subList(0, third).stream().mapToLong(s -> s[1]).max().orElse(0);
        long threadsLate = samples.subList(samples.size() - third, samples.size()).stream().mapToLong(s -> s[1]).min().orElse(0);
        if (heapLate > 2 * heapEarly + 64 || threadsLate > 2 * threadsEarly) {
            System.out.println("soak: FAILED: heap or threads kept growing");
            failed = true;
        }
        System.out.println(failed ? "soak: FAILED" : "soak: passed");
        System.exit(failed ? 1 : 0);
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
    }
}
