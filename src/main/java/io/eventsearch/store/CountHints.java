package io.eventsearch.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far a query's events had reached along the sort field, after how many events, the last time a deep page of it
 * counted them: so that the next deep page of the same query (the next page, or a jump elsewhere) counts only as
 * far as its own offset. Only a hint of where to stop counting, never a count that is trusted: the page is still
 * counted inside its own point in time, and counts the rest when the hint falls short (events deleted since; events
 * added since only make the stretch hold more). Kept a few minutes, for a few hundred queries; each keeps a mark
 * only where the count grew by a tenth since the last one (about 170 marks, 3 KB, for 10,000,000 events), so that a
 * hint makes a page count at most a tenth more than it needs.
 */
final class CountHints {

    private static final int QUERIES = 256;
    private static final long KEEP_NANOS = 5L * 60 * 1_000_000_000;
    /** How much the count grows from one kept mark to the next. */
    private static final double GROWTH = 1.1;

    /** Marks in the pages' order: the value reached, and the events counted from where the pages start up to it. */
    private record Reach(long[] values, long[] counts, long expires) {

        long counted() {
            return counts.length == 0 ? 0 : counts[counts.length - 1];
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
            reaches.put(query, thinned(marks));
        }
    }

    /** The marks where the count grew by {@link #GROWTH} since the last one kept, and the last. */
    private static Reach thinned(List<long[]> marks) {
        long[] values = new long[marks.size()];
        long[] counts = new long[marks.size()];
        int kept = 0;
        for (int k = 0; k < marks.size(); k++) {
            long count = marks.get(k)[1];
            boolean last = k == marks.size() - 1;
            if (last || count >= 1 && (kept == 0 || count >= counts[kept - 1] * GROWTH)) {
                values[kept] = marks.get(k)[0];
                counts[kept++] = count;
            }
        }
        return new Reach(Arrays.copyOf(values, kept), Arrays.copyOf(counts, kept), System.nanoTime() + KEEP_NANOS);
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
        for (int k = 0; k < known.counts().length; k++) {
            if (known.counts()[k] >= reach) {
                return Optional.of(known.values()[k]);
            }
        }
        return Optional.empty();
    }
}
