package io.eventsearch.api;

import java.util.List;

import io.eventsearch.security.Authenticator;

/**
 * An HTTP API of the service, as a declaration: where it is mounted, how its callers authenticate, how it renders
 * errors, and its endpoints with the scope each demands. {@link ApiRouting} builds the routes from it, so every API
 * answers authentication failures, wrong methods and unexpected failures the same way, each in its own shape.
 *
 * @param mount         the path prefix the API is registered under
 * @param authenticator how callers of this API prove who they are
 * @param errorShape    how this API renders errors
 * @param endpoints     every endpoint, with its scope
 */
public record ApiService(String mount, Authenticator authenticator, ErrorShape errorShape, List<Endpoint> endpoints) {

    public ApiService {
        endpoints = List.copyOf(endpoints);
    }

    /** Every full path it routes, in OpenAPI notation ({@code /ingest/{stream}}). */
    public List<String> paths() {
        return endpoints.stream().map(endpoint -> endpoint.fullPath(mount)).distinct().toList();
    }

    /** True when {@code path} (raw, as requested) lies under this API's mount. */
    public boolean owns(String path) {
        return path.equals(mount) || path.startsWith(mount + "/");
    }
}
