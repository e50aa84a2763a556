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
 * Writes JSON responses with Jackson, and turns every failure of a handler into the API's own error shape:
 * an {@link ApiException} into its 4xx/503, anything unexpected into a 500 without internals.
 */
public final class JsonResponses {

    private static final System.Logger LOG = System.getLogger(JsonResponses.class.getName());

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
        void handle(ServerRequest req, ServerResponse res) throws Exception;
    }

    /** Wraps a handler so that every failure is answered in {@code shape}. */
    public Handler guarded(ErrorShape shape, ApiHandler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (ApiException e) {
                sendError(res, shape, e);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "unexpected failure serving " + req.prologue().method().text()
                        + " " + req.path().path(), e);
                sendError(res, shape, new ApiException(500, "internal error; the service log has the details", null));
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
