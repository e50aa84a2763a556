package io.eventsearch.api;

import java.util.List;

import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The last line for failures outside the APIs' own handlers (Helidon's filters, for instance the security filter
 * decoding a malformed query string): answered in the error shape of the API the path belongs to, 400 when the query
 * string cannot be decoded, else 500 without internals.
 */
public final class UnhandledErrors implements ErrorHandler<RuntimeException> {

    private static final System.Logger LOG = System.getLogger(UnhandledErrors.class.getName());

    private final List<ApiService> apis;
    private final JsonResponses json;
    private final ErrorShape fallback = new NativeErrorShape();

    public UnhandledErrors(List<ApiService> apis, JsonResponses json) {
        this.apis = List.copyOf(apis);
        this.json = json;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, RuntimeException error) {
        String path = req.path().rawPath();
        ErrorShape shape = apis.stream()
                .filter(api -> path.equals(api.mount()) || path.startsWith(api.mount() + "/"))
                .map(ApiService::errorShape)
                .findFirst()
                .orElse(fallback);
        try {
            QueryParameters.of(req);
        } catch (ApiException malformedQuery) {
            json.sendError(res, shape, malformedQuery);
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "unexpected failure serving " + req.prologue().method().text() + " " + path,
                error);
        json.sendError(res, shape, new ApiException(500, "internal error; the service log has the details", null));
    }
}
