package io.eventsearch.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
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
public final class PushbackRelay extends HttpRelay {

    private static final ObjectMapper MAPPER = Json.mapper();

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
        super(target);
        this.latency = latency;
        this.refuseEveryRequest = refuseEveryRequest;
        this.pushBackEvery = pushBackEvery;
        this.lateEvery = lateEvery;
        this.lateBy = lateBy;
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

    @Override
    protected void relay(HttpExchange exchange, String pathAndQuery, byte[] body)
            throws IOException, InterruptedException {
        Thread.sleep(latency); // the slowness this relay exists to add, not a wait for anything
        if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getRawPath().endsWith("/_bulk")) {
            bulk(exchange, pathAndQuery, body);
        } else {
            answer(exchange, forward(exchange, pathAndQuery, body));
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
                answer(exchange, response);
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
}
