package io.eventsearch.api;

import java.util.function.Supplier;

import io.eventsearch.query.InvalidQueryException;
import io.eventsearch.store.StoreUnavailableException;

/** Runs a search on behalf of an API and turns its failures into the API's answers (400, 503). */
public final class QueryFailures {

    private QueryFailures() {
    }

    public static <T> T answer(Supplier<T> search) {
        try {
            return search.get();
        } catch (InvalidQueryException e) {
            throw new ApiException(400, e.getMessage(), e.field());
        } catch (StoreUnavailableException e) {
            throw ApiException.unavailable("the event store is unavailable; try again shortly");
        }
    }
}
