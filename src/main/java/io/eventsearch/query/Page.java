package io.eventsearch.query;

import java.util.List;

/** Which slice of the sorted result to return. */
public sealed interface Page {

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
