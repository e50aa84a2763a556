package io.eventsearch.api.querylang;

import java.util.List;

/** A query that does not parse: what was expected, at which character (0-based), and what was read before. */
public final class QuerySyntaxException extends RuntimeException {

    private final int position;
    private final transient List<QuerySpan> spansBefore;

    QuerySyntaxException(String message, int position, List<QuerySpan> spansBefore) {
        super(message, null, false, false);
        this.position = position;
        this.spansBefore = List.copyOf(spansBefore);
    }

    public int position() {
        return position;
    }

    /** The spans read before the error, so an editor can still highlight what came first. */
    public List<QuerySpan> spansBefore() {
        return spansBefore;
    }
}
