package io.eventsearch.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import org.apache.hc.core5.http.ContentType;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.Endpoint;
import org.opensearch.client.transport.JsonEndpoint;

/**
 * The typed client's requests sent through an {@link HttpChannel}, on the caller's thread: each addressed and
 * serialised by its own endpoint, as the typed transport would, and an error answer turned into the typed client's
 * {@link OpenSearchException}. For the requests on a listing's path, which the typed transport would hand to its I/O
 * reactor and back.
 */
final class ChannelCalls {

    private final HttpChannel channel;
    private final JsonpMapper jsonp;

    ChannelCalls(HttpChannel channel, JsonpMapper jsonp) {
        this.channel = channel;
        this.jsonp = jsonp;
    }

    /** The typed answer to {@code request}. */
    <Q, R> R call(Endpoint<Q, R, ErrorResponse> endpoint, Q request) throws IOException {
        byte[] answer = exchange(endpoint, request);
        if (!(endpoint instanceof JsonEndpoint<Q, R, ErrorResponse> json)) {
            throw new IllegalArgumentException("no JSON answer to read for " + endpoint.requestUrl(request));
        }
        try (JsonParser parser = jsonp.jsonProvider().createParser(new ByteArrayInputStream(answer))) {
            return json.responseDeserializer().deserialize(parser, jsonp);
        }
    }

    /** The body of the answer to {@code request}; an error answer throws as the typed client would. */
    <Q> byte[] exchange(Endpoint<Q, ?, ErrorResponse> endpoint, Q request) throws IOException {
        HttpChannel.Answer answer = channel.send(endpoint.method(request), pathAndQuery(endpoint, request),
                endpoint.hasRequestBody() ? body(request) : null, ContentType.APPLICATION_JSON);
        if (endpoint.isError(answer.status())) {
            throw error(endpoint, answer.status(), answer.body());
        }
        return answer.body();
    }

    /** The endpoint's path and its query parameters, as the typed client would send them. */
    private static <Q> String pathAndQuery(Endpoint<Q, ?, ErrorResponse> endpoint, Q request) {
        StringBuilder url = new StringBuilder(endpoint.requestUrl(request));
        char separator = '?';
        for (Map.Entry<String, String> parameter : endpoint.queryParameters(request).entrySet()) {
            url.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    private byte[] body(Object request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = jsonp.jsonProvider().createGenerator(out)) {
            ((JsonpSerializable) request).serialize(generator, jsonp);
        }
        return out.toByteArray();
    }

    /** The typed client's exception for an error answer; an answer that is no error document is a failed exchange. */
    private <Q> RuntimeException error(Endpoint<Q, ?, ErrorResponse> endpoint, int status, byte[] body)
            throws IOException {
        try (JsonParser parser = jsonp.jsonProvider().createParser(new ByteArrayInputStream(body))) {
            return new OpenSearchException(endpoint.errorDeserializer(status).deserialize(parser, jsonp));
        } catch (RuntimeException unreadable) {
            throw new IOException("OpenSearch answered " + status + ": "
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
    }
}
