package io.eventsearch.api.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ErrorShape;
import io.eventsearch.api.JsonResponses;
import io.helidon.http.Status;

/**
 * Errors under {@code /audit/}, whose seed names no error body: RFC 9457 problem details,
 * {@code {"type":"about:blank","title":"Bad Request","status":400,"detail":"...","parameter":"offset"}}.
 */
final class AuditErrorShape implements ErrorShape {

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
