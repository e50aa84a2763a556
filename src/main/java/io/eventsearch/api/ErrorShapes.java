package io.eventsearch.api;

import java.util.List;

/** Which error shape answers for a path: that of the API the path falls under, the service's own elsewhere. */
public final class ErrorShapes {

    private final List<ApiService> apis;
    private final ErrorShape fallback = new NativeErrorShape();

    public ErrorShapes(List<ApiService> apis) {
        this.apis = List.copyOf(apis);
    }

    /** @param path the absolute raw path of the request */
    public ErrorShape forPath(String path) {
        return apis.stream().filter(api -> api.owns(path)).map(ApiService::errorShape).findFirst().orElse(fallback);
    }
}
