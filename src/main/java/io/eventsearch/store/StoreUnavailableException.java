package io.eventsearch.store;

/** OpenSearch cannot answer now (unreachable, overloaded); the caller may try again later. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
