package io.eventsearch.query;

import java.util.List;

/** Which slice of the sorted result to return. */
public sealed interface Page {

    /**
     * The deepest offset served. Past OpenSearch's 10,000-hit window an offset costs one request per 10,000 events
     * skipped (sort values only); beyond this the caller should narrow the query or use a cursor.
     */
    long MAX_OFFSET = 1_000_000;

    int size();

    /** Skip {@code offset} events. Offsets past OpenSearch's result window are served by walking there. */
    record Offset(long offset, int size) implements Page {
    }

    /** Continue after the event whose sort values are {@code after} (a cursor from a previous page). */
    record After(List<Object> after, int size) implements Page {
        public After {
            after = List.copyOf(after);
        }
    }
}
