package io.eventsearch.api.releases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ErrorShape;
import io.eventsearch.api.JsonResponses;
import io.helidon.http.Status;

/** Errors of the release download events API: {@code {"status":400,"error":"Bad Request","message":"...","parameter":"limit"}}. */
final class ReleaseDownloadErrorShape implements ErrorShape {

    @Override
    public ObjectNode render(ApiException error, JsonResponses json) {
        ObjectNode body = json.object();
        body.put("status", error.status());
        body.put("error", Status.create(error.status()).reasonPhrase());
        body.put("message", error.getMessage());
        if (error.parameter() != null) {
            body.put("parameter", error.parameter());
        }
        return body;
    }
}
