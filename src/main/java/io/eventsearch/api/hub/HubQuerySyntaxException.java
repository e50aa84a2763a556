package io.eventsearch.api.hub;

import java.util.List;

/** A Hub query that does not parse: what was expected, at which character (0-based), and what was read before. */
final class HubQuerySyntaxException extends RuntimeException {

    private final int position;
    private final transient List<QuerySpan> spansBefore;

    HubQuerySyntaxException(String message, int position, List<QuerySpan> spansBefore) {
        super(message, null, false, false);
        this.position = position;
        this.spansBefore = List.copyOf(spansBefore);
    }

    int position() {
        return position;
    }

    /** The spans read before the error, so an editor can still highlight what came first. */
    List<QuerySpan> spansBefore() {
        return spansBefore;
    }
}
