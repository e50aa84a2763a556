package io.eventsearch.ingest;

/** The per-event answer of the ingest API. */
public enum ItemStatus {
    /** Stored now. */
    CREATED("created"),
    /** Stored before under the same id: nothing changed. */
    ALREADY_PRESENT("already_present"),
    /** Refused for a reason in the event itself; sending it again unchanged will not help. */
    REJECTED("rejected"),
    /** Not stored because OpenSearch was unavailable; send it again. */
    NOT_STORED("not_stored");

    private final String wire;

    ItemStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
