package io.eventsearch.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Writes JSON responses with Jackson, errors in the error shape of the API that answers. */
public final class JsonResponses {

    /** A body, or part of one, that writes itself to the generator (an {@link EventLayout}'s events). */
    @FunctionalInterface
    public interface Writable {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private final ObjectMapper mapper;

    public JsonResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public void send(ServerResponse res, int status, Object body) {
        send(res, status, body, false);
    }

    public void send(ServerResponse res, int status, Object body, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            if (pretty) {
                json.useDefaultPrettyPrinter();
            }
            write(json, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sendJson(res, status, out.toByteArray());
    }

    /**
     * Maps with text keys, lists, text, numbers, booleans, null and {@link Writable}s written straight to the
     * generator; anything else by the mapper. The mapper looks up a serialiser for each value of each map it
     * writes, which was a tenth of a listing's CPU when pages were a hundred maps of twenty values.
     */
    private void write(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Integer number -> json.writeNumber(number);
            case Long number -> json.writeNumber(number);
            case Double number -> json.writeNumber(number);
            case Boolean bool -> json.writeBoolean(bool);
            case Writable writable -> writable.writeTo(json);
            case Map<?, ?> map when textKeys(map) -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeFieldName((String) entry.getKey());
                    write(json, entry.getValue());
                }
                json.writeEndObject();
            }
            case List<?> list -> {
                json.writeStartArray();
                for (Object element : list) {
                    write(json, element);
                }
                json.writeEndArray();
            }
            default -> mapper.writeValue(json, value);
        }
    }

    private static boolean textKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** A body written as JSON already. */
    public void sendJson(ServerResponse res, int status, byte[] json) {
        res.status(Status.create(status));
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        res.send(json);
    }

    /** The body of {@code error} in {@code shape}, serialised: for answers written outside a routed response. */
    public byte[] errorBody(ErrorShape shape, ApiException error) {
        try {
            return mapper.writeValueAsBytes(shape.render(error, this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Refuses a request: the error on a connection that stays open when the rest of the body could be read and
     * discarded, else the error and the end of the connection.
     */
    public void sendRefusal(ServerRequest req, ServerResponse res, ErrorShape shape,
                            ApiException e) {
        if (RequestBodies.drain(req)) {
            sendError(res, shape, e);
        } else {
            sendErrorAndClose(res, shape, e);
        }
    }

    /**
     * Sends the error, then ends the connection: used when the rest of the request was not read (a body refused
     * unread, an ill-framed request), since what follows on the connection cannot be trusted to start a new request.
     */
    public void sendErrorAndClose(ServerResponse res, ErrorShape shape, ApiException e) {
        res.header(HeaderValues.CONNECTION_CLOSE);
        sendError(res, shape, e);
        // Helidon 4.3 sends "Connection: close" but keeps reading the socket (helidon#12324); this ends it.
        throw new CloseConnectionException("request refused with " + e.status() + "; connection closed");
    }

    public void sendError(ServerResponse res, ErrorShape shape, ApiException e) {
        if (res.isSent()) {
            return;
        }
        e.headers().forEach((name, value) -> res.header(HeaderValues.create(HeaderNames.create(name), value)));
        send(res, e.status(), shape.render(e, this));
    }
}
