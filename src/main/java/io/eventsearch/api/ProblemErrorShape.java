package io.eventsearch.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;

/**
 * RFC 9457 problem details, {@code {"type":"about:blank","title":"Bad Request","status":400,"detail":"...",
 * "parameter":"offset"}}: the audit data API's errors (its seed names no body) and the API-usage API's, whose seed
 * shows {@code {"title","status"}}, of which this is a superset.
 */
public final class ProblemErrorShape implements ErrorShape {

    @Override
    public ObjectNode render(ApiException error, JsonResponses json) {
        ObjectNode body = json.object();
        body.put("type", "about:blank");
        body.put("title", Status.create(error.status()).reasonPhrase());
        body.put("status", error.status());
        body.put("detail", error.getMessage());
        if (error.parameter() != null) {
            body.put("parameter", error.parameter());
        }
        return body;
    }
}
