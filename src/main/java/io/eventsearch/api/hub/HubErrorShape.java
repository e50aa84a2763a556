package io.eventsearch.api.hub;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ErrorShape;
import io.eventsearch.api.JsonResponses;
import io.helidon.http.Status;

/**
 * Hub's error body, for every status under {@code /hub/}: {@code {"error":"bad_request","error_description":"..."}},
 * the error being the status's reason phrase in snake case.
 */
final class HubErrorShape implements ErrorShape {

    @Override
    public ObjectNode render(ApiException error, JsonResponses json) {
        ObjectNode body = json.object();
        body.put("error", Status.create(error.status()).reasonPhrase().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_"));
        body.put("error_description", error.getMessage());
        return body;
    }
}
