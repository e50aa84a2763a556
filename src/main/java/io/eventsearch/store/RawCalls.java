package io.eventsearch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/** OpenSearch's REST API as JSON in and out, for the administrative calls the typed client makes awkward. */
final class RawCalls {

    private final OpenSearchClient client;
    private final ObjectMapper mapper;

    RawCalls(OpenSearchClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    /** The answer's body; a status of 300 or more, other than {@code allowed}, fails saying {@code what}. */
    JsonNode call(String method, String endpoint, Object body, String what, Integer... allowed) {
        Requests.JsonBodyBuilder request = Requests.builder().method(method).endpoint(endpoint);
        try {
            if (body != null) {
                request.json(body instanceof String text ? text : mapper.writeValueAsString(body));
            }
            try (Response response = client.generic().execute(request.build())) {
                String text = response.getBody().map(Body::bodyAsString).orElse("{}");
                if (response.getStatus() >= 300 && !Set.of(allowed).contains(response.getStatus())) {
                    throw new IllegalStateException("OpenSearch refused to " + what + ": HTTP " + response.getStatus()
                            + " " + text);
                }
                JsonNode node = mapper.readTree(text);
                return node == null ? mapper.createObjectNode() : node;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + what, e);
        }
    }
}
