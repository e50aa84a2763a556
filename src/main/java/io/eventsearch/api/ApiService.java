package io.eventsearch.api;

import java.util.List;

import io.eventsearch.security.Authenticator;

/**
 * An HTTP API of the service, as a declaration: where it is mounted, how its callers authenticate, how it renders
 * errors, and its endpoints with the scope each demands. {@link ApiRouting} builds the routes from it, so every API
 * answers authentication failures, wrong methods and unexpected failures the same way, each in its own shape.
 */
public interface ApiService {

    /** The path prefix the API is registered under. */
    String mount();

    /** How callers of this API prove who they are. */
    Authenticator authenticator();

    /** How this API renders errors. */
    ErrorShape errorShape();

    /** Every endpoint, with its scope. */
    List<Endpoint> endpoints();

    /** Every full path it routes, in OpenAPI notation ({@code /ingest/{stream}}). */
    default List<String> paths() {
        return endpoints().stream().map(endpoint -> endpoint.fullPath(mount())).distinct().toList();
    }

    /** True when {@code path} (raw, as requested) lies under this API's mount. */
    default boolean owns(String path) {
        return path.equals(mount()) || path.startsWith(mount() + "/");
    }
}
