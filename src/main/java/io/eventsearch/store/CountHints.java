package io.eventsearch.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far a query's events had reached along the sort field, after how many events, the last time a deep page of it
 * counted them: so that the next deep page of the same query (the next page, or a jump elsewhere) counts only as
 * far as its own offset. Only a hint of where to stop counting, never a count that is trusted: the page is still
 * counted inside its own point in time, and counts the rest when the hint falls short (events deleted since; events
 * added since only make the stretch hold more). Kept a few minutes, for a few hundred queries (16 KB each at most).
 */
final class CountHints {

    private static final int QUERIES = 256;
    private static final long KEEP_NANOS = 5L * 60 * 1_000_000_000;

    /** Marks in the pages' order: [value reached, events counted from where the pages start up to it]. */
    private record Reach(List<long[]> marks, long expires) {

        long counted() {
            return marks.isEmpty() ? 0 : marks.get(marks.size() - 1)[1];
        }

        boolean expired() {
            return expires - System.nanoTime() < 0;
        }
    }

    private final Map<Object, Reach> reaches = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Reach> eldest) {
            return size() > QUERIES;
        }
    };

    /**
     * Remembers how far the query's events had reached, as marks [value, events up to it] in the pages' order,
     * unless what is remembered already reaches further.
     */
    synchronized void remember(Object query, List<long[]> marks) {
        Reach known = reaches.get(query);
        if (known == null || known.expired() || known.counted() < (marks.isEmpty() ? 0 : marks.getLast()[1])) {
            reaches.put(query, new Reach(List.copyOf(marks), System.nanoTime() + KEEP_NANOS));
        }
    }

    /**
     * The value the pages' order had reached, the last time, once at least {@code reach} events had passed; empty
     * when nothing is remembered of the query, or fewer events were counted.
     */
    synchronized Optional<Long> reached(Object query, long reach) {
        Reach known = reaches.get(query);
        if (known == null || known.expired()) {
            reaches.remove(query);
            return Optional.empty();
        }
        for (long[] mark : known.marks()) {
            if (mark[1] >= reach) {
                return Optional.of(mark[0]);
            }
        }
        return Optional.empty();
    }
}
