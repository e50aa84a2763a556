package io.eventsearch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventsearch.Json;

/**
 * A relay in front of OpenSearch that behaves like a cluster under load, on purpose and countably:
 * <ul>
 *   <li>every request waits {@code latency} before it is passed on (a slow network or a busy node);</li>
 *   <li>every {@code refuseEveryRequest}-th bulk request is refused whole with 429, unread by OpenSearch;</li>
 *   <li>in the others, the first time an item's {@code _id} is seen, every {@code pushBackEvery}-th item is answered
 *       429 ({@code es_rejected_execution_exception}) in its place in the answer, and not passed on;</li>
 *   <li>the answers to the 1st, (1 + {@code lateEvery})th, (1 + 2 × {@code lateEvery})th... bulk requests are held
 *       back {@code lateBy} after OpenSearch gave them: the request was carried out, but a client with a shorter
 *       timeout does not learn it.</li>
 * </ul>
 * It counts how often each document id reached OpenSearch, so a test can tell "only failed items are sent again"
 * from "the whole batch is sent again".
 */
public final class PushbackRelay implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "keep-alive", "expect");
    private static final ObjectMapper MAPPER = Json.mapper();

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Duration latency;
    private final int refuseEveryRequest;
    private final int pushBackEvery;
    private final int lateEvery;
    private final Duration lateBy;
    private final AtomicInteger bulkRequests = new AtomicInteger();
    private final AtomicInteger itemsSeen = new AtomicInteger();
    private final AtomicInteger refusedRequests = new AtomicInteger();
    private final AtomicInteger pushedBackItems = new AtomicInteger();
    private final Map<String, AtomicInteger> passedOn = new ConcurrentHashMap<>();
    private final Set<String> pushedBackIds = ConcurrentHashMap.newKeySet();

    public PushbackRelay(URI target, Duration latency, int refuseEveryRequest, int pushBackEvery,
                         int lateEvery, Duration lateBy) throws IOException {
        this.target = target;
        this.latency = latency;
        this.refuseEveryRequest = refuseEveryRequest;
        this.pushBackEvery = pushBackEvery;
        this.lateEvery = lateEvery;
        this.lateBy = lateBy;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::relay);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many times each document id was passed on to OpenSearch in a bulk request. */
    public Map<String, Integer> passedOn() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        passedOn.forEach((id, count) -> counts.put(id, count.get()));
        return counts;
    }

    public int refusedRequests() {
        return refusedRequests.get();
    }

    public int pushedBackItems() {
        return pushedBackItems.get();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Thread.sleep(latency); // the slowness this relay exists to add, not a wait for anything
            String path = exchange.getRequestURI().getRawPath();
            String pathAndQuery = path + (exchange.getRequestURI().getRawQuery() == null ? ""
                    : "?" + exchange.getRequestURI().getRawQuery());
            if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/_bulk")) {
                bulk(exchange, pathAndQuery, body);
                return;
            }
            HttpResponse<byte[]> response = forward(exchange, pathAndQuery, body);
            answer(exchange, response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void bulk(HttpExchange exchange, String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        int request = bulkRequests.incrementAndGet();
        if (refuseEveryRequest > 0 && request % refuseEveryRequest == 0) {
            refusedRequests.incrementAndGet();
            byte[] refusal = ("{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"refused by the "
                    + "relay\"},\"status\":429}").getBytes(StandardCharsets.UTF_8);
            answer(exchange, 429, Map.of("Content-Type", List.of("application/json")), refusal);
            return;
        }
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        StringBuilder forwarded = new StringBuilder();
        List<Boolean> pushedBack = new ArrayList<>();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            String id = MAPPER.readTree(lines[i]).elements().next().path("_id").asText();
            boolean firstSight = !passedOn.containsKey(id) && !pushedBackIds.contains(id);
            boolean back = firstSight && pushBackEvery > 0 && itemsSeen.incrementAndGet() % pushBackEvery == 0;
            pushedBack.add(back);
            if (back) {
                pushedBackIds.add(id);
                pushedBackItems.incrementAndGet();
            } else {
                passedOn.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                forwarded.append(lines[i]).append('\n').append(lines[i + 1]).append('\n');
            }
        }
        JsonNode stored = null;
        if (!forwarded.isEmpty()) {
            HttpResponse<byte[]> response = forward(exchange, pathAndQuery,
                    forwarded.toString().getBytes(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                answer(exchange, response.statusCode(), response.headers().map(), response.body());
                return;
            }
            stored = MAPPER.readTree(response.body());
        }
        ObjectNode merged = MAPPER.createObjectNode();
        merged.put("errors", true);
        ArrayNode items = merged.putArray("items");
        int next = 0;
        for (boolean back : pushedBack) {
            if (back) {
                ObjectNode create = items.addObject().putObject("create");
                create.put("status", 429);
                create.putObject("error").put("type", "es_rejected_execution_exception")
                        .put("reason", "rejected execution (pushed back by the relay)");
            } else {
                items.add(stored.get("items").get(next++));
            }
        }
        if (lateEvery > 0 && (request - 1) % lateEvery == 0) {
            Thread.sleep(lateBy); // an answer that arrives after the client stopped waiting: the point of the relay
        }
        answer(exchange, 200, Map.of("Content-Type", List.of("application/json")), MAPPER.writeValueAsBytes(merged));
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String pathAndQuery, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void answer(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
