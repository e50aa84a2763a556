package io.eventsearch.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 *   <li>every {@code refuseEveryRequest}-th bulk request is refused whole with 429, unread by OpenSearch;</li>
 *   <li>in the others, the first time an item's {@code _id} is seen, every {@code pushBackEvery}-th item is answered
 *       429 ({@code es_rejected_execution_exception}) in its place in the answer, and not passed on;</li>
 *   <li>with {@code answerLate}, the first attempt of each batch is carried out by OpenSearch but its answer held back
 *       until the same batch arrives again: the client gave up waiting (its timeout) and sent it again, without
 *       ever learning that the first attempt stored it.</li>
 * </ul>
 * It counts how often each document id reached OpenSearch, so a test can tell "only failed items are sent again"
 * from "the whole batch is sent again".
 */
public final class PushbackRelay extends HttpRelay {

    private static final ObjectMapper MAPPER = Json.mapper();

    private final int refuseEveryRequest;
    private final int pushBackEvery;
    private final boolean answerLate;
    /** Held answers by the first id of their batch, released when that batch comes again. */
    private final Map<String, CountDownLatch> heldUntilRetried = new ConcurrentHashMap<>();
    private final AtomicInteger lateAnswers = new AtomicInteger();
    private final AtomicInteger bulkRequests = new AtomicInteger();
    private final AtomicInteger itemsSeen = new AtomicInteger();
    private final AtomicInteger refusedRequests = new AtomicInteger();
    private final AtomicInteger pushedBackItems = new AtomicInteger();
    private final Map<String, AtomicInteger> passedOn = new ConcurrentHashMap<>();
    private final Set<String> pushedBackIds = ConcurrentHashMap.newKeySet();

    public PushbackRelay(URI target, int refuseEveryRequest, int pushBackEvery, boolean answerLate)
            throws IOException {
        super(target);
        this.refuseEveryRequest = refuseEveryRequest;
        this.pushBackEvery = pushBackEvery;
        this.answerLate = answerLate;
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

    /** Answers given only after their batch had been sent again. */
    public int lateAnswers() {
        return lateAnswers.get();
    }

    @Override
    protected void relay(HttpExchange exchange, String pathAndQuery, byte[] body)
            throws IOException, InterruptedException {
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
        String batch = MAPPER.readTree(lines[0]).elements().next().path("_id").asText();
        CountDownLatch retried = heldUntilRetried.get(batch);
        if (retried != null) {
            retried.countDown(); // the batch came again: the answer held for its first attempt goes out now
        } else if (answerLate) {
            retried = new CountDownLatch(1);
            heldUntilRetried.put(batch, retried);
        }
        boolean holdAnswer = retried != null && retried.getCount() > 0;
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
        if (holdAnswer && retried.await(60, TimeUnit.SECONDS)) {
            lateAnswers.incrementAndGet();
        }
        answer(exchange, 200, Map.of("Content-Type", List.of("application/json")), MAPPER.writeValueAsBytes(merged));
    }
}
