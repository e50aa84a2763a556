package io.eventsearch.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a query's events were spread over the sort field the last time a deep page of it counted them all: so that
 * the next deep page of the same query (the next page, or a jump elsewhere) counts only as far as its offset, not
 * every event. Only a hint of where to stop counting, never a count that is trusted: the page is still counted
 * inside its own point in time, and counts the rest when the hint falls short. Kept a few minutes, for a few hundred
 * queries (16 KB each at most).
 */
final class CountHints {

    private static final int QUERIES = 256;
    private static final long KEEP_NANOS = 5L * 60 * 1_000_000_000;

    /** Buckets in the pages' order, as [key, count]; the bucket's values are [key, key + interval). */
    private record Spread(List<long[]> buckets, long interval, long expires) {
    }

    private final Map<Object, Spread> spreads = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Spread> eldest) {
            return size() > QUERIES;
        }
    };

    /** Remembers how the query's events were spread, from a histogram over all of them (buckets in page order). */
    synchronized void remember(Object query, List<long[]> buckets, long interval) {
        spreads.put(query, new Spread(List.copyOf(buckets), interval, System.nanoTime() + KEEP_NANOS));
    }

    /**
     * The value the pages' order had reached, the last time, once {@code reach} events had passed (counted from
     * where the pages start): the far edge of the bucket that held the {@code reach}-th event. Empty without a
     * remembered spread, or when fewer events had been counted.
     */
    synchronized Optional<Long> reached(Object query, long reach, boolean descending) {
        Spread spread = spreads.get(query);
        if (spread == null || spread.expires() - System.nanoTime() < 0) {
            spreads.remove(query);
            return Optional.empty();
        }
        long passed = 0;
        for (long[] bucket : spread.buckets()) {
            passed += bucket[1];
            if (passed >= reach) {
                return Optional.of(descending ? bucket[0] : bucket[0] + spread.interval());
            }
        }
        return Optional.empty();
    }
}
