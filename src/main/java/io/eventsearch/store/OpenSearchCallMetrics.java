package io.eventsearch.store;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import io.eventsearch.Meters;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * Every exchange with OpenSearch, timed and counted where it happens, in the HTTP client: whatever part of the
 * service made it (a bulk write, a search, a point in time), an operator sees at {@code /observe/metrics} how long
 * OpenSearch takes to answer ({@code opensearch_request_duration_seconds}, until the answer's head) and how often it
 * fails ({@code opensearch_request_errors_total}: by status for 429 and 5xx, {@code connection} for an exchange
 * with no answer), per operation: the request path's last {@code _endpoint} ({@code _bulk}, {@code _search}...).
 */
final class OpenSearchCallMetrics {

    private OpenSearchCallMetrics() {
    }

    /** For Apache's async client, which the typed client's transport runs on. */
    static AsyncExecChainHandler async() {
        return OpenSearchCallMetrics::executeAsync;
    }

    /** For Apache's classic client, which {@link HttpChannel} runs on the caller's thread. */
    static ExecChainHandler classic() {
        return (request, scope, chain) -> {
            String operation = operation(request.getPath());
            long started = System.nanoTime();
            ClassicHttpResponse response;
            try {
                response = chain.proceed(request, scope);
            } catch (IOException | HttpException | RuntimeException e) {
                failed(operation);
                throw e;
            }
            answered(operation, started, response.getCode());
            return response;
        };
    }

    private static void executeAsync(HttpRequest request, AsyncEntityProducer entityProducer,
                                     AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback callback)
            throws HttpException, IOException {
        String operation = operation(request.getPath());
        long started = System.nanoTime();
        chain.proceed(request, entityProducer, scope, new AsyncExecCallback() {
            @Override
            public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entity)
                    throws HttpException, IOException {
                answered(operation, started, response.getCode());
                return callback.handleResponse(response, entity);
            }

            @Override
            public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
                callback.handleInformationResponse(response);
            }

            @Override
            public void completed() {
                callback.completed();
            }

            @Override
            public void failed(Exception cause) {
                OpenSearchCallMetrics.failed(operation);
                callback.failed(cause);
            }
        });
    }

    private static void answered(String operation, long started, int status) {
        Meters.timer("opensearch.request.duration", "operation", operation)
                .record(Duration.ofNanos(System.nanoTime() - started));
        if (status == 429 || status >= 500) {
            countError(operation, Integer.toString(status));
        }
    }

    private static void failed(String operation) {
        countError(operation, "connection");
    }

    /**
     * The operation a request path names: {@code /events-audit-*\/_search?x} is {@code _search},
     * {@code /_search/point_in_time/_all} is {@code point_in_time}, {@code /events-audit-2024.01} is {@code index}.
     * Index names, ids and template names never start with '_', so the values are few.
     */
    static String operation(String path) {
        String plain = path == null ? "" : path;
        int query = plain.indexOf('?');
        if (query >= 0) {
            plain = plain.substring(0, query);
        }
        String operation = "index"; // a path of index names only: creating or deleting an index
        for (String segment : plain.split("/")) {
            if ((segment.startsWith("_") && !"_all".equals(segment)) || "point_in_time".equals(segment)) {
                operation = segment;
            }
        }
        return operation.toLowerCase(Locale.ROOT);
    }

    private static void countError(String operation, String kind) {
        Meters.counter("opensearch.request.errors", "operation", operation, "kind", kind).increment();
    }
}
