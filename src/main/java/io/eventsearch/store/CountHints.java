package io.eventsearch.store;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far a query's events had reached along the sort field, after how many events, the last time a deep page of it
 * counted them: so that the next deep page of the same query (the next page, or a jump elsewhere) counts only as
 * far as its own offset, or is read between two marks ({@link MarkedPage}). Only hints, never counts that are
 * trusted: a page read from them still counts the events before its mark in its own point in time, and is counted
 * afresh when a hint falls short (events deleted since; events added since only make a stretch hold more). Kept a
 * few minutes, for a few hundred queries. Each keeps a mark where the count grew by a tenth since the last one
 * kept, so that a hint makes a page count at most a tenth more than it needs, and where skipping it would leave
 * more than {@link #SPACING} events between two marks, so that a page lies within a search's reach of the mark
 * before it (about 2,000 marks, 32 KB, for 10,000,000 events); and marks found where pages started and ended, up to
 * 4,096 marks (64 KB) a query.
 */
final class CountHints {

    private static final int QUERIES = 256;
    private static final long KEEP_NANOS = 5L * 60 * 1_000_000_000;
    /** How much the count grows from one kept mark to the next. */
    private static final double GROWTH = 1.1;
    /** At most this many events between two kept marks, where the counted buckets are that fine. */
    static final long SPACING = 5_000;
    /** Marks a query keeps at most (64 KB), with those added where pages started and ended. */
    private static final int MAX_MARKS = 4_096;

    /** A value the pages' order reached, and how many events had come before it there. */
    record Mark(long value, long count) {
    }

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

    /**
     * Adds a mark found exactly (where a page started or ended), between those remembered, unless one is there
     * already or it would not keep the marks in order, or the query keeps {@link #MAX_MARKS} already.
     */
    synchronized void add(Object query, Mark mark, boolean descending) {
        Reach known = known(query);
        if (known == null || known.counts().length >= MAX_MARKS) {
            return;
        }
        long[] counts = known.counts();
        long[] values = known.values();
        int at = 0;
        while (at < counts.length && counts[at] < mark.count()) {
            at++;
        }
        if (at < counts.length && counts[at] == mark.count()) {
            return;
        }
        // Values run one way as counts grow (up, ascending; down, descending): the new one must lie between.
        boolean ascending = !descending;
        if (at > 0 && (ascending ? values[at - 1] >= mark.value() : values[at - 1] <= mark.value())
                || at < counts.length && (ascending ? values[at] <= mark.value() : values[at] >= mark.value())) {
            return;
        }
        long[] newValues = new long[values.length + 1];
        long[] newCounts = new long[counts.length + 1];
        System.arraycopy(values, 0, newValues, 0, at);
        System.arraycopy(counts, 0, newCounts, 0, at);
        newValues[at] = mark.value();
        newCounts[at] = mark.count();
        System.arraycopy(values, at, newValues, at + 1, values.length - at);
        System.arraycopy(counts, at, newCounts, at + 1, counts.length - at);
        reaches.put(query, new Reach(newValues, newCounts, known.expires()));
    }

    /**
     * Corrects the count at {@code mark} (and at every mark after it, by the same difference) to {@code counted}, as
     * counted since: events added or gone before it moved all that follow.
     */
    synchronized void correct(Object query, Mark mark, long counted) {
        Reach known = known(query);
        if (known == null) {
            return;
        }
        long[] counts = known.counts().clone();
        for (int k = 0; k < counts.length; k++) {
            if (known.values()[k] == mark.value() && counts[k] == mark.count()) {
                for (int later = k; later < counts.length; later++) {
                    counts[later] += counted - mark.count();
                }
                reaches.put(query, new Reach(known.values(), counts, known.expires()));
                return;
            }
        }
    }

    /** Forgets what is remembered of the query: a hint that proved wrong is counted afresh. */
    synchronized void forget(Object query) {
        reaches.remove(query);
    }

    /**
     * The marks where the count grew by {@link #GROWTH} since the last one kept, those without which more than
     * {@link #SPACING} events would lie between two kept marks, and the last.
     */
    private static Reach thinned(List<long[]> marks) {
        long[] values = new long[marks.size()];
        long[] counts = new long[marks.size()];
        int kept = 0;
        for (int k = 0; k < marks.size(); k++) {
            long count = marks.get(k)[1];
            boolean last = k == marks.size() - 1;
            long sinceKept = kept == 0 ? 0 : counts[kept - 1];
            if (last || count >= 1 && (kept == 0 || count >= sinceKept * GROWTH
                    || marks.get(k + 1)[1] - sinceKept > SPACING)) {
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
    Optional<Long> reached(Object query, long reach) {
        return reaching(query, reach).map(Mark::value);
    }

    /** The first mark after which at least {@code reach} events had passed; empty when fewer were counted. */
    synchronized Optional<Mark> reaching(Object query, long reach) {
        Reach known = known(query);
        if (known != null) {
            for (int k = 0; k < known.counts().length; k++) {
                if (known.counts()[k] >= reach) {
                    return Optional.of(new Mark(known.values()[k], known.counts()[k]));
                }
            }
        }
        return Optional.empty();
    }

    /** The last mark after which at most {@code events} had passed; empty when there is none. */
    synchronized Optional<Mark> atMost(Object query, long events) {
        Reach known = known(query);
        Mark found = null;
        if (known != null) {
            for (int k = 0; k < known.counts().length && known.counts()[k] <= events; k++) {
                found = new Mark(known.values()[k], known.counts()[k]);
            }
        }
        return Optional.ofNullable(found);
    }

    /** What is remembered of the query, unless it expired (then forgotten). */
    private Reach known(Object query) {
        Reach known = reaches.get(query);
        if (known != null && known.expired()) {
            reaches.remove(query);
            return null;
        }
        return known;
    }
}
