package io.eventsearch.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The service's own error body (ingest and native search): {@code {"error":{"status":400,"message":"...","parameter":"..."}}}. */
public final class NativeErrorShape implements ErrorShape {

    @Override
    public ObjectNode render(ApiException error, JsonResponses json) {
        ObjectNode body = json.object();
        ObjectNode detail = body.putObject("error");
        detail.put("status", error.status());
        detail.put("message", error.getMessage());
        if (error.parameter() != null) {
            detail.put("parameter", error.parameter());
        }
        return body;
    }
}
