package io.eventsearch.ingest;

/** An event that cannot be stored as sent; the message names the field and says why. */
public final class RejectedEvent extends Exception {

    public RejectedEvent(String message) {
        super(message, null, false, false);
    }
}
