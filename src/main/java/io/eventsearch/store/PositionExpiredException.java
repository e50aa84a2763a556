package io.eventsearch.store;

/** A walk's point in time is gone (its keep-alive passed, or OpenSearch restarted): the walk must start again. */
public final class PositionExpiredException extends RuntimeException {

    public PositionExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
