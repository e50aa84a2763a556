package io.eventsearch.api;

import java.io.IOException;

import io.eventsearch.security.Caller;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * One route of an API as the API declares it: method, path under the API's mount ({@code "/"} for the mount
 * itself, {@code "/{stream}"}), the scope a caller must hold (null where the API's credential carries no scopes, as
 * API keys), and the handler, which runs only for an authenticated caller with that scope. {@link ApiRouting}
 * turns the declarations into routes; tests read them to know every route.
 */
public record Endpoint(Method method, String path, String scope, Handler handler) {

    /** Serves one request of an authenticated caller; throws {@link ApiException} (or a lower layer's failure) to refuse it. */
    @FunctionalInterface
    public interface Handler {
        void handle(Caller caller, ServerRequest req, ServerResponse res) throws IOException;
    }

    public static Endpoint get(String path, String scope, Handler handler) {
        return new Endpoint(Method.GET, path, scope, handler);
    }

    public static Endpoint post(String path, String scope, Handler handler) {
        return new Endpoint(Method.POST, path, scope, handler);
    }

    public static Endpoint delete(String path, String scope, Handler handler) {
        return new Endpoint(Method.DELETE, path, scope, handler);
    }

    /** The full path in OpenAPI notation, as clients call it. */
    public String fullPath(String mount) {
        return path.equals("/") ? mount : mount + path;
    }
}
