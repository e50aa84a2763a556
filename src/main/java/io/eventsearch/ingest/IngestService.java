package io.eventsearch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.ErrorShape;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.NativeErrorShape;
import io.eventsearch.api.QueryParameters;
import io.eventsearch.security.Caller;
import io.eventsearch.security.CallerResolver;
import io.eventsearch.security.Scope;
import io.eventsearch.store.StoreReadiness;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code POST /ingest/{stream}}: a JSON array or NDJSON of events in, one result per event out. */
public final class IngestService implements ApiService {

    private static final String MOUNT = "/ingest";
    private static final String STREAM_ROUTE = "/{stream}";

    private final StreamCatalog streams;
    private final IngestPipeline pipeline;
    private final EventBatchParser parser;
    private final CallerResolver callers;
    private final JsonResponses json;
    private final StoreReadiness store;
    private final long maxBodyBytes;
    private final ErrorShape errors = new NativeErrorShape();

    public IngestService(StreamCatalog streams, IngestPipeline pipeline, EventBatchParser parser,
                         CallerResolver callers, JsonResponses json, StoreReadiness store, long maxBodyBytes) {
        this.streams = streams;
        this.pipeline = pipeline;
        this.parser = parser;
        this.callers = callers;
        this.json = json;
        this.store = store;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public String mount() {
        return MOUNT;
    }

    @Override
    public List<String> paths() {
        return List.of(MOUNT + STREAM_ROUTE);
    }

    @Override
    public ErrorShape errorShape() {
        return errors;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(STREAM_ROUTE, json.guarded(errors, this::ingest))
                .any(STREAM_ROUTE, json.methodNotAllowed(errors, "POST"));
    }

    private void ingest(ServerRequest req, ServerResponse res) throws IOException {
        Caller caller = callers.require(req, Scope.EVENTS_WRITE);
        String name = req.path().pathParameters().get("stream");
        StreamDefinition stream = streams.find(name).orElseThrow(() -> ApiException.notFound(
                "unknown stream '" + name + "'; streams are " + String.join(", ", StreamCatalog.STREAM_NAMES)));
        boolean waitForRefresh = refreshParameter(req);
        boolean ndjson = isNdjson(req);
        List<JsonNode> events = parser.parse(readBody(req), ndjson);
        if (events.isEmpty()) {
            throw ApiException.badRequest("the batch holds no events");
        }
        if (!store.ensureTemplates()) {
            throw ApiException.unavailable("OpenSearch is unavailable; nothing was stored, send the batch again");
        }
        IngestReport report = pipeline.ingest(caller, stream, events, waitForRefresh);
        ObjectNode body = render(report);
        if (report.incomplete()) {
            ApiException unavailable = ApiException.unavailable("OpenSearch is unavailable: "
                    + report.count(ItemStatus.NOT_STORED) + " events were not stored; send them again");
            body.setAll(errors.render(unavailable, json));
            unavailable.headers().forEach((k, v) -> res.header(k, v));
            json.send(res, 503, body);
            return;
        }
        json.send(res, 200, body);
    }

    private static boolean refreshParameter(ServerRequest req) {
        Map<String, List<String>> parameters = QueryParameters.of(req);
        for (String name : parameters.keySet()) {
            if (!name.equals("refresh")) {
                throw ApiException.badParameter(name, "is not a parameter of this API; the only one is refresh");
            }
        }
        String refresh = parameters.getOrDefault("refresh", List.of("false")).get(0);
        return switch (refresh) {
            case "false" -> false;
            case "wait_for" -> true;
            default -> throw ApiException.badParameter("refresh", "must be 'wait_for' or 'false', not '" + refresh + "'");
        };
    }

    private static boolean isNdjson(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json").toLowerCase();
        if (type.startsWith("application/x-ndjson") || type.startsWith("application/ndjson")) {
            return true;
        }
        if (type.startsWith("application/json")) {
            return false;
        }
        throw new ApiException(415, "Content-Type must be application/json or application/x-ndjson, not " + type, null);
    }

    private byte[] readBody(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("the body is empty: send a JSON array or NDJSON of events");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw new ApiException(413, "the body is larger than " + maxBodyBytes + " bytes; split the batch", null);
            }
            return body;
        }
    }

    private ObjectNode render(IngestReport report) {
        ObjectNode body = json.object();
        body.put("stream", report.stream());
        for (ItemStatus status : ItemStatus.values()) {
            body.put(camel(status.wire()), report.count(status));
        }
        ArrayNode items = body.putArray("items");
        for (ItemResult item : report.items()) {
            ObjectNode node = items.addObject();
            node.put("position", item.position());
            if (item.id() != null) {
                node.set("id", item.id());
            }
            node.put("status", item.status().wire());
            if (item.reason() != null) {
                node.put("reason", item.reason());
            }
        }
        return body;
    }

    private static String camel(String snake) {
        int underscore = snake.indexOf('_');
        return underscore < 0 ? snake
                : snake.substring(0, underscore) + Character.toUpperCase(snake.charAt(underscore + 1))
                + snake.substring(underscore + 2);
    }
}
