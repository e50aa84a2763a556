package io.eventsearch.api;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Writes JSON responses with Jackson, and turns an {@link ApiException} of a handler into its 4xx/503 in the API's
 * own error shape. Anything unexpected propagates to {@link UnhandledErrors}, which answers 500 in the same shape.
 */
public final class JsonResponses {

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

    public void send(ServerResponse res, int status, JsonNode body) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            res.status(Status.create(status));
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
            res.send(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A handler body that may throw. */
    @FunctionalInterface
    public interface ApiHandler {
        void handle(ServerRequest req, ServerResponse res) throws IOException;
    }

    /** Wraps a handler so that the requests it refuses are answered in {@code shape}. */
    public Handler guarded(ErrorShape shape, ApiHandler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (ApiException e) {
                sendError(res, shape, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Answers any other method on a route with 405 and the Allow header, in {@code shape}. */
    public Handler methodNotAllowed(ErrorShape shape, String allowed) {
        return guarded(shape, (req, res) -> {
            throw new ApiException(405, "method " + req.prologue().method().text() + " is not allowed here; use "
                    + allowed, null, java.util.Map.of("Allow", allowed));
        });
    }

    public void sendError(ServerResponse res, ErrorShape shape, ApiException e) {
        if (res.isSent()) {
            return;
        }
        e.headers().forEach((name, value) -> res.header(HeaderValues.create(HeaderNames.create(name), value)));
        send(res, e.status(), shape.render(e, this));
    }
}
