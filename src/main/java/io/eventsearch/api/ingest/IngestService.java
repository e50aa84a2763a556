package io.eventsearch.api.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.api.ErrorShape;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.NativeErrorShape;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.api.RequestBodies;
import io.eventsearch.ingest.IngestPipeline;
import io.eventsearch.ingest.IngestReport;
import io.eventsearch.ingest.IngestSettings;
import io.eventsearch.ingest.ItemResult;
import io.eventsearch.ingest.ItemStatus;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.Caller;
import io.eventsearch.security.Scope;
import io.eventsearch.store.StoreReadiness;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code POST /ingest/{stream}}: a JSON array or NDJSON of events in, one result per event out. */
public final class IngestService {

    private final StreamCatalog streams;
    private final IngestPipeline pipeline;
    private final Authenticator authenticator;
    private final JsonResponses json;
    private final StoreReadiness store;
    private final long maxBodyBytes;
    private final InFlightBytes inFlight;
    private final Semaphore batches;
    private final ErrorShape errors = new NativeErrorShape();

    public IngestService(StreamCatalog streams, IngestPipeline pipeline, IngestSettings settings,
                         Authenticator authenticator, JsonResponses json, StoreReadiness store) {
        this.streams = streams;
        this.pipeline = pipeline;
        this.authenticator = authenticator;
        this.json = json;
        this.store = store;
        this.maxBodyBytes = settings.maxBytes();
        this.inFlight = new InFlightBytes(settings.maxInFlightBytes());
        this.batches = new Semaphore(settings.maxConcurrentBatches());
    }

    /** {@code POST /ingest/{stream}} with bearer tokens and the service's own error shape. */
    public ApiService api() {
        return new ApiService("/ingest", authenticator, errors,
                List.of(Endpoint.post("/{stream}", Scope.EVENTS_WRITE, this::ingest)));
    }

    private void ingest(Caller caller, ServerRequest req, ServerResponse res) throws IOException {
        String name = req.path().pathParameters().get("stream");
        StreamDefinition stream = streams.find(name).orElseThrow(() -> ApiException.notFound(
                "unknown stream '" + name + "'; streams are " + String.join(", ", StreamCatalog.STREAM_NAMES)));
        boolean waitForRefresh = refreshParameter(req);
        boolean ndjson = isNdjson(req);
        long declared = Math.min(req.headers().contentLength().orElse(maxBodyBytes), maxBodyBytes);
        if (!batches.tryAcquire()) {
            throw ApiException.unavailable("the service is storing as many ingest batches at once as it may; "
                    + "send the batch again shortly");
        }
        try (InFlightBytes.Reservation held = inFlight.reserve(declared).orElseThrow(() -> ApiException.unavailable(
                "the service is holding as many ingest bytes as it may; send the batch again shortly"))) {
            IngestPipeline.PreparedBatch batch = pipeline.prepare(caller, stream, RequestBodies.read(req, maxBodyBytes,
                    "send a JSON array or NDJSON of events"), ndjson);
            if (batch.isEmpty()) {
                throw ApiException.badRequest("the batch holds no events");
            }
            if (!store.ensureTemplates()) {
                throw ApiException.unavailable("OpenSearch is unavailable; nothing was stored, send the batch again");
            }
            answer(res, pipeline.store(batch, waitForRefresh));
        } finally {
            batches.release();
        }
    }

    /** 200 with one result per event, or 503 with the same when OpenSearch could not take some of them. */
    private void answer(ServerResponse res, IngestReport report) throws IOException {
        if (report.incomplete()) {
            ApiException unavailable = ApiException.unavailable("OpenSearch is unavailable: "
                    + report.count(ItemStatus.NOT_STORED) + " events were not stored; send them again");
            unavailable.headers().forEach((k, v) -> res.header(k, v));
            json.sendJson(res, 503, render(report, errors.render(unavailable, json)));
            return;
        }
        json.sendJson(res, 200, render(report, null));
    }
    private static boolean refreshParameter(ServerRequest req) {
        ParameterReader parameters = ParameterReader.of(req)
                .requireKnown("refresh"::equals, "the only one is refresh")
                .requireSingleValues(name -> "");
        String refresh = parameters.single("refresh").orElse("false");
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

    /** The report, written item by item (a batch's thousand results are not built as a tree first). */
    private byte[] render(IngestReport report, ObjectNode error) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 + 48 * report.items().size());
        try (JsonGenerator out = json.mapper().getFactory().createGenerator(body)) {
            out.writeStartObject();
            out.writeStringField("stream", report.stream());
            for (ItemStatus status : ItemStatus.values()) {
                out.writeNumberField(camel(status.wire()), report.count(status));
            }
            out.writeArrayFieldStart("items");
            for (ItemResult item : report.items()) {
                out.writeStartObject();
                out.writeNumberField("position", item.position());
                if (item.id() != null) {
                    out.writeFieldName("id");
                    if (item.id().isTextual()) {
                        out.writeString(item.id().textValue()); // nearly always: spares the mapper per item
                    } else {
                        out.writeTree(item.id());
                    }
                }
                out.writeStringField("status", item.status().wire());
                if (item.reason() != null) {
                    out.writeStringField("reason", item.reason());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            if (error != null) {
                for (var field : error.properties()) {
                    out.writeFieldName(field.getKey());
                    out.writeTree(field.getValue());
                }
            }
            out.writeEndObject();
        }
        return body.toByteArray();
    }

    private static String camel(String snake) {
        int underscore = snake.indexOf('_');
        return underscore < 0 ? snake
                : snake.substring(0, underscore) + Character.toUpperCase(snake.charAt(underscore + 1))
                + snake.substring(underscore + 2);
    }
}
