package io.eventsearch.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/** An event that cannot be stored as sent; the message names the field and says why. */
public final class RejectedEvent extends Exception {

    private final transient JsonNode producerId;

    public RejectedEvent(String message) {
        this(message, null);
    }

    private RejectedEvent(String message, JsonNode producerId) {
        super(message, null, false, false);
        this.producerId = producerId;
    }

    /** The same rejection, with the id the producer gave the event (null when it gave none). */
    RejectedEvent withProducerId(JsonNode id) {
        return new RejectedEvent(getMessage(), id);
    }

    /** The id the producer gave the rejected event, as sent; null when it gave none or it could not be read. */
    public JsonNode producerId() {
        return producerId;
    }
}
