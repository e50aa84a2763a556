package io.eventsearch.query;

import java.util.List;

/** Which slice of the sorted result to return. */
public sealed interface Page {

    /**
     * The deepest offset served. Past OpenSearch's 10,000-hit window the store finds an offset by counting when the
     * sort starts with a time or a number (a few requests at any depth), else by walking there.
     */
    long MAX_OFFSET = 100_000_000;

    /**
     * The deepest offset reached by walking (one request per 10,000 events skipped), for sorts that cannot be
     * counted: beyond it the caller should sort by time or narrow the query.
     */
    long MAX_WALKED_OFFSET = 1_000_000;

    /** OpenSearch's default {@code index.max_result_window}: pages ending within it are one plain request. */
    int RESULT_WINDOW = 10_000;

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
