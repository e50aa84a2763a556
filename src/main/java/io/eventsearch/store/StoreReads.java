package io.eventsearch.store;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;

/** How the store reads OpenSearch: transient failures tried again, the rest turned into the store's failures. */
final class StoreReads {

    /** Sources arrive as plain maps: the query model knows neither Jackson nor the client's JSON types. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Class<Map<String, Object>> SOURCE = (Class) Map.class;
    private static final int READ_ATTEMPTS = 3;
    private static final Duration READ_BACKOFF = Duration.ofMillis(150);

    private StoreReads() {
    }

    /** A read of OpenSearch, with its failures turned into the store's. */
    @FunctionalInterface
    interface Read<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code read}; {@code whenNothingStored} answers a stream no event was ever stored in (no alias yet).
     * Pushback (429), server-side failures (5xx) and failed exchanges are tried again after a short pause, twice: a
     * month's first event creates
     * its index, and a search that reaches it through the alias before its shard has started fails for a moment.
     */
    static <T> T answer(Read<T> read, T whenNothingStored) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.run();
            } catch (IOException e) {
                // Also what the client throws for an error answer it cannot read, such as some 5xx of a new index.
                if (attempt < READ_ATTEMPTS) {
                    pause(READ_BACKOFF.multipliedBy(attempt));
                    continue;
                }
                throw new StoreUnavailableException("OpenSearch is unreachable", e);
            } catch (OpenSearchException e) {
                String type = e.error() == null ? "" : e.error().type();
                if ("index_not_found_exception".equals(type)) {
                    return whenNothingStored;
                }
                if ("search_context_missing_exception".equals(type) || e.status() == 404) {
                    throw new StaleReadException("the point in time of a walk is gone: " + type, e);
                }
                boolean transientFailure = e.status() == 429 || e.status() >= 500;
                if (transientFailure && attempt < READ_ATTEMPTS) {
                    pause(READ_BACKOFF.multipliedBy(attempt));
                    continue;
                }
                if (e.status() == 429 || e.status() >= 500) {
                    throw new StoreUnavailableException("OpenSearch answered " + e.status(), e);
                }
                throw e;
            }
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting to try OpenSearch again", e);
        }
    }

    /**
     * A search whose every shard answered. A shard that fails leaves its events out of an answer OpenSearch still
     * calls a success; the store never serves such a partial answer as if it were whole.
     */
    static SearchResponse<Map<String, Object>> search(OpenSearchClient client, SearchRequest request)
            throws IOException {
        SearchResponse<Map<String, Object>> response = client.search(request, SOURCE);
        if (response.shards() != null && response.shards().failed() > 0) {
            throw shardsFailed(response.shards().failed(), response.shards().total(),
                    response.shards().failures().isEmpty() ? null : response.shards().failures().get(0).reason().reason());
        }
        return response;
    }

    /** A search answered with some shards failed; {@code reason} the first failure's, or null. */
    static StoreUnavailableException shardsFailed(int failed, int total, String reason) {
        return new StoreUnavailableException("OpenSearch answered with " + failed + " of " + total + " shards failed"
                + (reason != null ? ": " + reason : ""), null);
    }

    /** A sort value as the query model holds it. */
    static Object plain(FieldValue value) {
        return switch (value._kind()) {
            case Long -> value.longValue();
            case Double -> value.doubleValue();
            case Boolean -> value.booleanValue();
            case Null -> null;
            default -> value.stringValue();
        };
    }

    /** A sort value as the client sends it back. */
    static FieldValue fieldValue(Object value) {
        return switch (value) {
            case null -> FieldValue.NULL;
            case Long l -> FieldValue.of(l);
            case Integer i -> FieldValue.of(i.longValue());
            case Double d -> FieldValue.of(d);
            case Boolean b -> FieldValue.of(b);
            default -> FieldValue.of(value.toString());
        };
    }
}
