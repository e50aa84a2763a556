package io.eventsearch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated malformed and hostile requests at every API: query strings, headers, credentials, ingest
 * bodies, Hub queries. Every answer must be a 4xx with a JSON body, or a correct 200; never a 5xx, never a stack
 * trace, never another tenant's events. The generator is seeded, so a failure names a case that can be replayed.
 */
class HostileInputIntegrationTest {

    private static final int CASES = 10_500;
    private static final long SEED = 20261123L;
    /** Only the decoy tenant ever stores this; no request the generator makes contains it. */
    private static final String SECRET = "DECOY-SECRET-7f3a";
    /** Its own instance: the shared one's per-key rate limit would answer most API-key cases 429. */
    private static final TestService SERVICE = TestService.start(Map.of("usage.rate.limit", "10000000"));
    private static final String TENANT = TestService.newTenant();
    private static final String ALL_SCOPES = "events:write releaseDownloadEvent:read hubEvent:read auditEvent:read apiKeys:write";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static final List<String> NASTY = List.of("", " ", "0", "-1", "2147483648", "-2147483649",
            "9223372036854775808", "1e309", "NaN", "Infinity", "0x10", "１２", "٢", "true", "null", "[]", "{}", "[", "]",
            "(", ")", "((((", "))", "{a", "\"", "'", "\\", "%", "%zz", "%c3%28", "%00", "%0a%0d", "%ff%fe", "*", "?",
            "a:b AND (c OR", "doc['x'].value", "script:painless", "{\"script\":1}", "/.*/", "~", "a~2", "_id:1",
            "tenant:other", "2024-13-45T99:99:99Z", "2024-01-01", "2024-01-01T00:00:00", "+292278994-08-17T07:12:55Z",
            "１９７０-01-01T00:00:00Z", "release-downloads", "' OR 1=1 --", "<script>alert(1)</script>", "😀", "\u202e",
            "timestamp:desc", "id:up", "events(id", "events/bogus", "a".repeat(3000), "(".repeat(200), "x,".repeat(500),
            "author: {", "not not not", "after: yesterday", "beforeId: -1", "\"unclosed", "a or or b");
    private static final List<String> NAMES = List.of("page", "limit", "sort", "search", "releaseId", "statusCode",
            "statusCode[in]", "statusCode[gt]", "createdAt[gte]", "createdAt[foo]", "countryCode", "id", "tenant",
            "offset", "start", "end", "appId", "targetId", "target", "dataType", "query", "fields", "orderBy", "$skip",
            "$top", "caret", "events", "startAfter", "startAfterId", "pretty", "refresh", "", "[", "a[b]c", "x".repeat(300));
    private static final List<String> GET_PATHS = List.of("/v3/release-download-events", "/audit/events",
            "/hub/api/rest/events", "/hub/api/rest/events/queryAssist", "/hub/api/rest/events/101", "/v1/events",
            "/admin/api-keys", "/observe/health", "/openapi", "/api/events");
    private static final List<String> STREAMS = List.of("release-downloads", "hub", "audit", "api-usage");

    private static String apiKey;
    private final Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();

    @AfterAll
    static void stop() {
        SERVICE.close();
    }

    @Test
    void everyHostileRequestIsAnswered4xxInJsonOrACorrect200() throws Exception {
        String write = SERVICE.token(TENANT, ALL_SCOPES);
        var seeded = SERVICE.postJson("/ingest/audit?refresh=wait_for", write, "[{\"id\":\"own-1\",\"action\":\"x\"}]");
        assertThat(seeded.status()).isEqualTo(200);
        var decoy = SERVICE.postJson("/ingest/audit?refresh=wait_for", SERVICE.token(TestService.newTenant(), ALL_SCOPES),
                "[{\"id\":\"own-1\",\"action\":\"" + SECRET + "\",\"description\":\"" + SECRET + "\"}]");
        assertThat(decoy.status()).isEqualTo(200);
        apiKey = SERVICE.postJson("/admin/api-keys", write, "{\"name\":\"fuzz\"}").json().get("key").asText();

        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                long seed = SEED + i;
                results.add(pool.submit(() -> runCase(seed, write)));
            }
            for (Future<String> result : results) {
                String failure = result.get();
                if (failure != null && failures.size() < 20) {
                    failures.add(failure);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("hostile input: " + CASES + " cases by kind: " + new TreeMap<>(byKind));
        assertThat(failures).as("cases answered wrongly (replay with their seed)").isEmpty();
        assertThat(byKind.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(CASES);
    }

    /** One generated request; null when its answer was right, else what was wrong. */
    private String runCase(long seed, String token) {
        Random random = new Random(seed);
        String kind;
        HttpRequest request;
        switch (random.nextInt(6)) {
            case 0 -> {
                kind = "query string";
                String path = pick(random, GET_PATHS);
                request = get(path + "?" + queryString(random), path.startsWith("/v1") ? null : token, path);
            }
            case 1 -> {
                kind = "hub query";
                request = get("/hub/api/rest/events" + (random.nextBoolean() ? "/queryAssist" : "") + "?query="
                        + encode(hubQuery(random)) + (random.nextBoolean() ? "&caret=" + encode(pick(random, NASTY)) : ""),
                        token, "/hub");
            }
            case 5 -> {
                kind = "search query";
                request = random.nextBoolean()
                        ? get("/api/events?q=" + encode(searchQuery(random)) + searchParameters(random), token, "/api")
                        : get("/api/events/aggregate?q=" + encode(searchQuery(random)) + aggregateParameters(random),
                                token, "/api");
            }
            case 2 -> {
                kind = "credential";
                HttpRequest.Builder builder = HttpRequest.newBuilder(SERVICE.uri(pick(random, GET_PATHS))).GET();
                String junk = pick(random, NASTY).replaceAll("[^\\x20-\\x7e]", ""); // what a header can carry
                switch (random.nextInt(4)) {
                    case 0 -> builder.header("Authorization", "Bearer " + junk);
                    case 1 -> builder.header("Authorization", junk.isEmpty() ? "Basic" : "Basic " + junk);
                    case 2 -> builder.header("X-API-KEY", junk.isEmpty() ? "k" : junk);
                    default -> builder.header("Authorization", "Bearer " + forged(random));
                }
                request = builder.build();
            }
            case 3 -> {
                kind = "ingest body";
                String stream = random.nextInt(10) == 0 ? pick(random, NASTY) : pick(random, STREAMS);
                boolean ndjson = random.nextBoolean();
                request = HttpRequest.newBuilder(SERVICE.uri("/ingest/" + encode(stream)
                                + (random.nextInt(4) == 0 ? "?refresh=" + encode(pick(random, NASTY)) : "")))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", random.nextInt(10) == 0 ? pick(random, List.of("text/plain",
                                "application/xml", "application/json; charset=latin1", "*/*"))
                                : ndjson ? "application/x-ndjson" : "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body(random, ndjson))).build();
            }
            default -> {
                kind = "method and path";
                String path = pick(random, GET_PATHS) + pick(random, List.of("", "/", "/x", "/../admin", "//", "/%2e%2e",
                        "/" + encode(pick(random, NASTY))));
                request = HttpRequest.newBuilder(SERVICE.uri(path)).header("Authorization", "Bearer " + token)
                        .header("X-API-KEY", apiKey)
                        .method(pick(random, List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE")),
                                HttpRequest.BodyPublishers.ofString(pick(random, NASTY))).build();
            }
        }
        byKind.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return judge(response, request.method());
        } catch (Exception e) {
            return "seed " + seed + " " + request.method() + " " + request.uri() + ": no answer (" + e + ")";
        }
    }

    private static String judge(HttpResponse<String> response, String method) {
        String where = method + " " + response.uri() + " -> " + response.statusCode() + " " + abbreviate(response.body());
        if (response.statusCode() >= 500) {
            return where;
        }
        if (response.body().contains(SECRET)) {
            return "another tenant's event: " + where;
        }
        if (response.body().contains("Exception") || response.body().contains("\tat ")) {
            return "internals: " + where;
        }
        if (method.equals("HEAD") || response.statusCode() == 204) {
            return null;
        }
        boolean yaml = response.uri().getPath().equals("/openapi") && response.statusCode() == 200;
        if (!yaml && !isJson(response.body())) {
            return "not JSON: " + where;
        }
        return null;
    }

    private static boolean isJson(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node != null && (node.isObject() || node.isArray()) && !node.isEmpty() || "[]".equals(body);
        } catch (Exception e) {
            return false;
        }
    }

    private static HttpRequest get(String pathAndQuery, String token, String path) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(SERVICE.uri("").toString() + pathAndQuery)).GET();
        } catch (IllegalArgumentException notAUri) {
            builder = HttpRequest.newBuilder(SERVICE.uri(path)).GET();
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        } else {
            builder.header("X-API-KEY", apiKey);
        }
        return builder.build();
    }

    private static String queryString(Random random) {
        StringBuilder query = new StringBuilder();
        int parameters = random.nextInt(4) + 1;
        for (int i = 0; i < parameters; i++) {
            String value = pick(random, NASTY);
            // Raw percent sequences stay raw half of the time, to reach the decoder as they are.
            String encoded = value.startsWith("%") && random.nextBoolean() ? value : encode(value);
            query.append(i == 0 ? "" : "&").append(encode(pick(random, NAMES)));
            if (random.nextInt(8) != 0) {
                query.append('=').append(encoded);
            }
        }
        return query.toString();
    }

    private static String hubQuery(Random random) {
        List<String> pieces = List.of("author:", "event:", "entityType:", "target:", "before:", "after:", "beforeId:",
                "afterId:", "and", "or", "not", "(", ")", "{", "}", ",", "\"", "alice", "{John Smith}", "2024-01-01T00:00:00Z",
                "1714557600000", "42", ":", "AUTHOR:", "x*", "-y", "bogus:", "", " ");
        StringBuilder query = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            query.append(random.nextInt(6) == 0 ? pick(random, NASTY) : pick(random, pieces)).append(random.nextBoolean() ? " " : "");
        }
        return query.toString();
    }

    private static String searchQuery(Random random) {
        List<String> pieces = List.of("statusCode", ">=", "<", ">", "<=", ":", "400", "2147483648", "-1", "stream:", "hub",
                "has:", "errorCode", "time", "now-1d", "now-99999999y", "now/x", "location.countryCode:", "DE", "id:", "7",
                "createdAt", "+292278994-08-17T07:12:55Z", "and", "or", "not", "(", ")", "\"", "東京", "{", "}", "*", "-x",
                "releaseFileName", "tenant:", "", " ");
        StringBuilder query = new StringBuilder();
        int length = random.nextInt(10) + 1;
        for (int i = 0; i < length; i++) {
            query.append(random.nextInt(6) == 0 ? pick(random, NASTY) : pick(random, pieces)).append(random.nextBoolean() ? " " : "");
        }
        return query.toString();
    }

    /** The other parameters of a search, valid or not; never an export format, whose 200 is not JSON. */
    private static String searchParameters(Random random) {
        List<String> names = List.of("from", "to", "sort", "fields", "limit", "cursor", "format", "q", "bogus");
        List<String> values = List.of("now-7d", "now", "2024-01-01T00:00:00Z", "0", "-time", "statusCode", "id",
                "releaseFileName", "location(city", "1001", "json", "eyJ2IjoxfQ", "e30", "xml");
        StringBuilder parameters = new StringBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
            parameters.append('&').append(pick(random, names)).append('=')
                    .append(encode(random.nextInt(5) == 0 ? pick(random, NASTY) : pick(random, values)));
        }
        return parameters.toString();
    }

    private static String aggregateParameters(Random random) {
        List<String> names = List.of("histogram", "tz", "terms", "size", "stats", "geo", "zoom", "from", "to");
        List<String> values = List.of("auto", "1h", "1s", "0s", "7x", "1M", "2w", "Europe/Berlin", "+02:00", "Mars/X",
                "statusCode", "releaseVersion", "id", "location.point", "time", "country", "tile", "30", "-1", "3",
                "now-1d", "0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z");
        StringBuilder parameters = new StringBuilder("&" + pick(random, List.of("histogram", "terms", "stats", "geo"))
                + "=" + encode(pick(random, values)));
        for (int i = random.nextInt(4); i > 0; i--) {
            parameters.append('&').append(pick(random, names)).append('=')
                    .append(encode(random.nextInt(5) == 0 ? pick(random, NASTY) : pick(random, values)));
        }
        return parameters.toString();
    }

    private static byte[] body(Random random, boolean ndjson) {
        Supplier<String> event = () -> {
            List<String> fields = List.of("\"id\"", "\"createdAt\"", "\"eventTime\"", "\"timestamp\"", "\"stored_at\"",
                    "\"statusCode\"", "\"location\"", "\"location.ipAddress\"", "\"tenant\"", "\"changes\"", "\"type\"",
                    "\"bogus\"", "\"\"", "\"appId\"", "\"queue\"");
            List<String> values = List.of("null", "1", "-1", "2147483648", "1e999", "\"x\"", "\"\"", "[]", "{}",
                    "{\"ipAddress\":\"999.1.1.1\"}", "{\"ipAddress\":\"81.2.69.142\"}", "[{\"field\":1}]", "\"2024-01-01T00:00:00Z\"",
                    "9223372036854775807", "true", "\"\\u0000\"", "[[[[[[[[[[1]]]]]]]]]]",
                    "\"" + "v".repeat(9000) + "\"", "{\"a\":{\"b\":{\"c\":{}}}}");
            StringBuilder object = new StringBuilder("{");
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                object.append(i == 0 ? "" : ",").append(pick(random, fields)).append(':').append(pick(random, values));
            }
            return object.append('}').toString();
        };
        String text;
        switch (random.nextInt(6)) {
            case 0 -> text = pick(random, NASTY);
            case 1 -> text = "[" + "[".repeat(random.nextInt(100)) + "]";
            case 2 -> {
                String cut = event.get();
                text = "[" + event.get() + "," + cut.substring(0, Math.min(3, cut.length())); // truncated JSON
            }
            default -> {
                List<String> events = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    events.add(event.get());
                }
                text = ndjson ? String.join("\n", events) : "[" + String.join(",", events) + "]";
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(10) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) 0xff; // not UTF-8
        }
        return bytes;
    }

    private static String forged(Random random) {
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                pick(random, List.of("{\"alg\":\"none\"}", "{\"alg\":\"HS256\"}", "{}", "x")).getBytes(StandardCharsets.UTF_8));
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"tenant\":\"" + TENANT + "\",\"scope\":\"" + ALL_SCOPES + "\",\"exp\":9999999999}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + pick(random, List.of("", "sig", "a.b"));
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
