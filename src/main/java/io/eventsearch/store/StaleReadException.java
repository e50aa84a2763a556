package io.eventsearch.store;

/**
 * The events under a read changed while it ran: an index was removed by retention, or the point in time of a deep
 * walk expired. The same request asked again reads afresh.
 */
public final class StaleReadException extends RuntimeException {

    public StaleReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
