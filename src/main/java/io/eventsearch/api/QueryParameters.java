package io.eventsearch.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;

/** Reads a request's query parameters, decoded, with all their values; malformed percent-encoding is a 400. */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static Map<String, List<String>> of(ServerRequest req) {
        try {
            UriQuery query = req.query();
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            for (String name : query.names()) {
                parameters.put(name, List.copyOf(query.all(name)));
            }
            return parameters;
        } catch (RuntimeException e) {
            // Helidon decodes lazily and fails on input such as a lone '%'.
            throw ApiException.badRequest("the query string is not valid: check its percent-encoding");
        }
    }
}
