package io.eventsearch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.testing.ServiceProcess;
import io.eventsearch.testing.TestKeys;

/**
 * What SCALING.md extrapolates from, measured per stream on a node of its own: events through the service (two
 * producers, batches of 1,000, realistic values), then each stream's indices merged to one segment. Per stream: bytes
 * on disk per event (primary), events per second, and CPU per event of the service and of OpenSearch. Writes
 * {@code target/bench/footprint.json} and prints the table.
 */
public final class Footprint {

    private static final int BATCH = 1_000;
    private static final int PRODUCERS = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long YEAR_2022 = Instant.parse("2022-01-01T00:00:00Z").toEpochMilli();
    private static final long YEAR_MILLIS = 365L * 24 * 3600 * 1000;
    private static final String[] WORDS = {"invoice", "report", "quarterly", "settings", "password", "policy",
        "export", "budget", "contract", "draft", "review", "shared", "archive", "customer", "release", "notes"};

    private final int events;
    private final OpenSearchHttp openSearch;
    private final ServiceProcess service;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();
    private final long now = System.currentTimeMillis();

    private Footprint(int events, OpenSearchHttp openSearch, ServiceProcess service, String token) {
        this.events = events;
        this.openSearch = openSearch;
        this.service = service;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 200_000);
        URI url = URI.create(System.getProperty("bench.opensearch", "http://127.0.0.1:9261"));
        Path out = Path.of(System.getProperty("bench.out", "target/bench/footprint.json"));
        Path jwk = TestKeys.newJwkSet("footprint");
        ServiceProcess service = BenchService.process(url, jwk);
        try {
            service.start();
            String token = TestKeys.issuer(jwk).issue("footprint", "footprint", "events:write", Duration.ofHours(6));
            Footprint footprint = new Footprint(events, new OpenSearchHttp(url), service, token);
            // A first pass through every stream warms the service's JIT and OpenSearch, then its indices go, so that
            // the order of the streams below does not decide which one pays for the warm-up.
            Footprint warmUp = new Footprint(Math.min(events, 20_000), new OpenSearchHttp(url), service, token);
            for (Map.Entry<String, IntFunction<String>> stream : warmUp.streams().entrySet()) {
                warmUp.load(stream.getKey(), stream.getValue());
                warmUp.openSearch.delete("/events-" + stream.getKey() + "-*");
            }
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("events_per_stream", events);
            for (Map.Entry<String, IntFunction<String>> stream : footprint.streams().entrySet()) {
                results.put(stream.getKey(), footprint.measure(stream.getKey(), stream.getValue()));
            }
            Files.createDirectories(out.getParent());
            Files.writeString(out, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
            System.out.println("written to " + out);
        } finally {
            service.stop();
        }
        System.exit(0);
    }

    private Map<String, IntFunction<String>> streams() {
        Map<String, IntFunction<String>> streams = new LinkedHashMap<>();
        streams.put("release-downloads", BenchEvents::event);
        streams.put("audit", this::audit);
        streams.put("hub", this::hub);
        streams.put("api-usage", this::apiUsage);
        return streams;
    }

    private Map<String, Object> measure(String stream, IntFunction<String> event) throws Exception {
        long serviceBefore = CpuTime.micros(service.pid());
        long openSearchBefore = openSearch.cpuMicros();
        long start = System.nanoTime();
        load(stream, event);
        double seconds = (System.nanoTime() - start) / 1e9;
        double serviceCpu = CpuTime.micros(service.pid()) - serviceBefore;
        double openSearchCpu = openSearch.cpuMicros() - openSearchBefore;

        String indices = "/events-" + stream + "-*";
        openSearch.post(indices + "/_refresh", "");
        openSearch.post(indices + "/_forcemerge?max_num_segments=1", "");
        openSearch.post(indices + "/_refresh", "");
        long stored = openSearch.get(indices + "/_count").path("count").asLong();
        long bytes = openSearch.get(indices + "/_stats/store").at("/_all/primaries/store/size_in_bytes").asLong();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events_stored", stored);
        result.put("indices", openSearch.get(indices + "/_stats/store").path("indices").size());
        result.put("bytes_per_event", Math.round((double) bytes / stored));
        result.put("events_per_second", Math.round(events / seconds));
        result.put("service_cpu_us_per_event", Math.round(serviceCpu / events * 10) / 10.0);
        result.put("opensearch_cpu_us_per_event", Math.round(openSearchCpu / events * 10) / 10.0);
        System.out.printf("%-18s %,9d stored in %d indices, %,5d B per event merged, %,7d events/s, CPU per event: "
                        + "service %.1f µs, OpenSearch %.1f µs%n", stream, stored, result.get("indices"),
                result.get("bytes_per_event"), result.get("events_per_second"), serviceCpu / events,
                openSearchCpu / events);
        return result;
    }

    /** Every event of the stream through the service: two producers, batches of 1,000. */
    private void load(String stream, IntFunction<String> event) throws Exception {
        AtomicInteger next = new AtomicInteger();
        int batches = (events + BATCH - 1) / BATCH;
        try (ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                running.add(producers.submit(() -> {
                    for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                        post(stream, b * BATCH, Math.min(events, (b + 1) * BATCH), event);
                    }
                    return null;
                }));
            }
            for (Future<?> producer : running) {
                producer.get();
            }
        }
    }

    private void post(String stream, int from, int to, IntFunction<String> event) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            body.append(i == from ? "" : ",").append(event.apply(i));
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(service.uri("/ingest/" + stream))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString(), StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode result = answer.statusCode() == 200 ? MAPPER.readTree(answer.body()) : null;
        if (result == null || result.path("created").asInt() != to - from) {
            throw new IllegalStateException("ingest of " + stream + " answered " + answer.statusCode() + ": "
                    + answer.body().substring(0, Math.min(2_000, answer.body().length())));
        }
    }


    // ---- the events: the same for a given position in every run ---------------------------------------------

    private String audit(int i) {
        SplittableRandom random = new SplittableRandom(i);
        int user = random.nextInt(2_000);
        String time = Instant.ofEpochMilli(YEAR_2022 + random.nextLong(YEAR_MILLIS)).toString();
        return "{\"id\":\"au-" + i + "\",\"eventTime\":\"" + time + "\",\"appId\":\"app-" + random.nextInt(5)
                + "\",\"userId\":\"user-" + user + "\",\"userName\":\"User " + user + "\",\"targetId\":\"doc-"
                + random.nextInt(50_000) + "\",\"target\":\"" + pick(random, "document", "folder", "user", "role")
                + "\",\"targetName\":\"" + words(random, 2) + ".pdf\",\"dataType\":\"json\",\"data\":\"{\\\"size\\\":"
                + random.nextInt(1 << 20) + ",\\\"shared\\\":" + random.nextBoolean() + "}\",\"ipAddress\":\""
                + ip(random) + "\",\"description\":\"" + words(random, 6 + random.nextInt(6)) + "\",\"source\":\""
                + pick(random, "web", "api", "cli") + "\",\"action\":\"" + pick(random, "created", "updated",
                "deleted", "viewed", "shared", "moved", "renamed", "downloaded") + "\"}";
    }

    private String hub(int i) {
        SplittableRandom random = new SplittableRandom(i);
        int author = random.nextInt(2_000);
        int target = random.nextInt(20_000);
        StringBuilder changes = new StringBuilder();
        for (int c = 0, n = 1 + random.nextInt(2); c < n; c++) {
            changes.append(c == 0 ? "" : ",").append("{\"field\":\"").append(pick(random, "name", "email", "roles",
                    "banned")).append("\",\"oldValue\":\"").append(words(random, 1)).append("\",\"newValue\":\"")
                    .append(words(random, 1)).append("\"}");
        }
        return "{\"id\":\"" + (i + 1) + "\",\"timestamp\":" + (YEAR_2022 + random.nextLong(YEAR_MILLIS))
                + ",\"type\":\"" + pick(random, "USER_CREATED", "USER_UPDATED", "USER_DELETED", "ROLE_CREATED",
                "ROLE_UPDATED", "GROUP_CREATED", "GROUP_UPDATED", "LOGIN") + "\",\"targetId\":\"" + target
                + "\",\"targetType\":\"" + pick(random, "user", "role", "group") + "\",\"targetPresentation\":\"User "
                + target + "\",\"author\":\"" + author + "\",\"authorPresentation\":\"Admin " + author
                + "\",\"authorType\":\"user\",\"changes\":[" + changes + "],\"ipAddress\":\"" + ip(random) + "\"}";
    }

    /** Within the last day: API usage is kept for a day and partitioned by day. */
    private String apiUsage(int i) {
        SplittableRandom random = new SplittableRandom(i);
        String type = pick(random, "queue_created", "queue_deleted", "listener_created", "api_key_created",
                "message_sent");
        String subject = type.startsWith("queue") ? "queue" : type.startsWith("listener") ? "listener"
                : type.startsWith("message") ? "message" : null;
        int key = random.nextInt(200);
        return "{\"id\":\"us-" + i + "\",\"type\":\"" + type + "\",\"stored_at\":"
                + (now - random.nextLong(20L * 3600 * 1000)) + ",\"client\":{\"id\":\"client-" + random.nextInt(500)
                + "\"},\"api_key\":{\"id\":\"key-" + key + "\",\"name\":\"key " + key + "\"}"
                + (subject == null ? "" : ",\"" + subject + "\":{\"id\":\"" + subject + "-" + random.nextInt(10_000)
                + "\",\"name\":\"" + words(random, 2) + "\"}") + "}";
    }

    private static String pick(SplittableRandom random, String... values) {
        return values[random.nextInt(values.length)];
    }

    private static String words(SplittableRandom random, int count) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < count; w++) {
            text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private static String ip(SplittableRandom random) {
        return (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
    }
}
