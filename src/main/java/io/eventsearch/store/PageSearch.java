package io.eventsearch.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.query.StoredEvent;
import io.eventsearch.query.Total;
import jakarta.json.stream.JsonGenerator;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.Endpoint;

/**
 * A listing page's search: the request exactly as the typed client sends it (its own endpoint and serialisation),
 * the answer read with Jackson's streaming parser, only what a page needs (the sources, the last hit's sort values,
 * the total) and straight into plain maps. The typed client built a {@code Hit} and its JSON-P values for every
 * event and parsed the answer on its one I/O dispatch thread, which all requests share: a quarter of a listing's
 * CPU. Failures are the typed client's: an error answer becomes its {@link OpenSearchException}.
 */
final class PageSearch {

    /** What a page needs of a search answer. */
    record Hits(List<StoredEvent> events, List<Object> lastSort, Total total) {
    }

    private final OpenSearchClient client;
    private final ObjectMapper mapper;
    private final JsonpMapper jsonp;

    PageSearch(OpenSearchClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
        this.jsonp = client._transport().jsonpMapper();
    }

    /** The search's hits, every shard having answered (else {@link StoreUnavailableException}). */
    Hits search(SearchRequest request) throws IOException {
        Endpoint<SearchRequest, ?, ErrorResponse> endpoint = SearchRequest._ENDPOINT;
        var raw = Requests.builder().method(endpoint.method(request)).endpoint(endpoint.requestUrl(request))
                .query(endpoint.queryParameters(request)).body(Body.from(body(request), "application/json")).build();
        try (Response response = client.generic().execute(raw)) {
            if (response.getBody().isEmpty()) {
                throw new IOException("OpenSearch answered " + response.getStatus() + " without a body");
            }
            try (Body answer = response.getBody().get(); InputStream in = answer.body()) {
                if (endpoint.isError(response.getStatus())) {
                    throw error(endpoint, response.getStatus(), in);
                }
                return read(in);
            }
        }
    }

    private byte[] body(SearchRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = jsonp.jsonProvider().createGenerator(out)) {
            request.serialize(generator, jsonp);
        }
        return out.toByteArray();
    }

    /** The typed client's exception for an error answer; an answer that is no error document is a failed exchange. */
    private RuntimeException error(Endpoint<SearchRequest, ?, ErrorResponse> endpoint, int status, InputStream in)
            throws IOException {
        byte[] body = in.readAllBytes();
        try (var parser = jsonp.jsonProvider().createParser(new java.io.ByteArrayInputStream(body))) {
            return new OpenSearchException(endpoint.errorDeserializer(status).deserialize(parser, jsonp));
        } catch (RuntimeException unreadable) {
            throw new IOException("OpenSearch answered " + status + ": "
                    + new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private Hits read(InputStream in) throws IOException {
        List<StoredEvent> events = new ArrayList<>();
        List<Object> lastSort = List.of();
        Total total = null;
        try (JsonParser json = mapper.createParser(in)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                if ("_shards".equals(field)) {
                    checkShards(json.readValueAsTree());
                } else if ("hits".equals(field) && json.currentToken() == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = json.currentName();
                        json.nextToken();
                        if ("total".equals(inner) && json.currentToken() == JsonToken.START_OBJECT) {
                            JsonNode counted = json.readValueAsTree();
                            total = new Total(counted.path("value").asLong(),
                                    "eq".equals(counted.path("relation").asText()));
                        } else if ("hits".equals(inner) && json.currentToken() == JsonToken.START_ARRAY) {
                            while (json.nextToken() == JsonToken.START_OBJECT) {
                                lastSort = hit(json, events);
                            }
                        } else {
                            json.skipChildren();
                        }
                    }
                } else {
                    json.skipChildren();
                }
            }
        }
        return new Hits(events, lastSort, total != null ? total : new Total(events.size(), true));
    }

    /** One hit: its source added to {@code events}; its sort values. */
    @SuppressWarnings("unchecked")
    private List<Object> hit(JsonParser json, List<StoredEvent> events) throws IOException {
        Map<String, Object> source = null;
        List<Object> sort = List.of();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if ("_source".equals(field)) {
                source = mapper.readValue(json, Map.class);
            } else if ("sort".equals(field) && json.currentToken() == JsonToken.START_ARRAY) {
                sort = new ArrayList<>();
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    sort.add(sortValue(json));
                }
            } else {
                json.skipChildren();
            }
        }
        events.add(new StoredEvent(source));
        return sort;
    }

    /** A sort value as the query model holds it, as {@link StoreReads#plain} gives the typed client's. */
    private static Object sortValue(JsonParser json) throws IOException {
        return switch (json.currentToken()) {
            case VALUE_NUMBER_INT -> json.getLongValue();
            case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_STRING -> json.getText();
            default -> throw new IOException("unexpected sort value " + json.currentToken());
        };
    }

    /** A shard that failed leaves its events out of an answer OpenSearch still calls a success: never served. */
    private static void checkShards(JsonNode shards) {
        int failed = shards.path("failed").asInt();
        if (failed > 0) {
            JsonNode reason = shards.path("failures").path(0).path("reason").path("reason");
            throw StoreReads.shardsFailed(failed, shards.path("total").asInt(),
                    reason.isMissingNode() ? null : reason.asText());
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected search answer: " + actual + " where " + expected + " belongs");
        }
    }
}
