package io.eventsearch.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.query.JsonText;
import io.eventsearch.query.StoredEvent;
import io.eventsearch.query.Total;
import jakarta.json.stream.JsonGenerator;
import org.apache.hc.core5.http.ContentType;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.transport.Endpoint;

/**
 * A listing page's search: the request exactly as the typed client would send it (its own endpoint and
 * serialisation) through the {@link HttpChannel}, the answer read with Jackson's streaming parser for only what a
 * page needs (the sources, the last hit's sort values, the total). Each source stays the answer's text: a listing
 * writes it out as it came, and reads values from it only when it needs them. The typed client built a {@code Hit}
 * and its JSON-P values for every event and parsed the answer on its one I/O dispatch thread, which all requests
 * share. Failures are the typed client's: an error answer becomes its {@link OpenSearchException}.
 */
final class PageSearch {

    /** What a page needs of a search answer. */
    record Hits(List<StoredEvent> events, List<Object> lastSort, Total total) {
    }

    private final HttpChannel channel;
    private final ObjectMapper mapper;
    private final JsonpMapper jsonp;

    PageSearch(HttpChannel channel, ObjectMapper mapper, JsonpMapper jsonp) {
        this.channel = channel;
        this.mapper = mapper;
        this.jsonp = jsonp;
    }

    /** The search's hits, every shard having answered (else {@link StoreUnavailableException}). */
    Hits search(SearchRequest request) throws IOException {
        Endpoint<SearchRequest, ?, ErrorResponse> endpoint = SearchRequest._ENDPOINT;
        HttpChannel.Answer answer = channel.post(pathAndQuery(endpoint, request), body(request),
                ContentType.APPLICATION_JSON);
        if (answer.body().length == 0) {
            throw new IOException("OpenSearch answered " + answer.status() + " without a body");
        }
        if (endpoint.isError(answer.status())) {
            throw error(endpoint, answer.status(), answer.body());
        }
        return read(answer.body());
    }

    /** The endpoint's path and its query parameters, as the typed client would send them. */
    private static String pathAndQuery(Endpoint<SearchRequest, ?, ErrorResponse> endpoint, SearchRequest request) {
        StringBuilder url = new StringBuilder(endpoint.requestUrl(request));
        char separator = '?';
        for (Map.Entry<String, String> parameter : endpoint.queryParameters(request).entrySet()) {
            url.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    private byte[] body(SearchRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = jsonp.jsonProvider().createGenerator(out)) {
            request.serialize(generator, jsonp);
        }
        return out.toByteArray();
    }

    /** The typed client's exception for an error answer; an answer that is no error document is a failed exchange. */
    private RuntimeException error(Endpoint<SearchRequest, ?, ErrorResponse> endpoint, int status, byte[] body)
            throws IOException {
        try (var parser = jsonp.jsonProvider().createParser(new ByteArrayInputStream(body))) {
            return new OpenSearchException(endpoint.errorDeserializer(status).deserialize(parser, jsonp));
        } catch (RuntimeException unreadable) {
            throw new IOException("OpenSearch answered " + status + ": "
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
    }

    private Hits read(byte[] in) throws IOException {
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
                                lastSort = hit(json, in, events);
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

    /** One hit: its source added to {@code events}, as the answer's text; its sort values. */
    private List<Object> hit(JsonParser json, byte[] answer, List<StoredEvent> events) throws IOException {
        StoredEvent event = null;
        List<Object> sort = List.of();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if ("_source".equals(field) && json.currentToken() == JsonToken.START_OBJECT) {
                int start = (int) json.currentTokenLocation().getByteOffset();
                json.skipChildren();
                int end = (int) json.currentLocation().getByteOffset();
                event = StoredEvent.ofJson(new JsonText(answer, start, end - start), this::values);
            } else if ("sort".equals(field) && json.currentToken() == JsonToken.START_ARRAY) {
                sort = new ArrayList<>();
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    sort.add(sortValue(json));
                }
            } else {
                json.skipChildren();
            }
        }
        events.add(event != null ? event : new StoredEvent(Map.of()));
        return sort;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> values(JsonText source) {
        try {
            return mapper.readValue(source.bytes(), source.offset(), source.length(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a source OpenSearch returned is not JSON", e);
        }
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
