package io.eventsearch.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.eventsearch.query.Total;
import io.eventsearch.stream.FieldType;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.Aggregation;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Pit;
import org.opensearch.client.opensearch.core.search.TotalHitsRelation;

/**
 * Finds where a deep offset starts by counting instead of walking. When the leading sort key is a date or an
 * integer, its lowest and highest values (two one-hit sorted searches, asked while the point in time opens) span a
 * histogram of 1,000 buckets, which says in which bucket the N-th event lies and how many come before that bucket
 * (and counts the total); a finer histogram inside the bucket follows while the rest is still more than OpenSearch's
 * result window holds. Then one from/size page over the buckets that hold it returns exactly the events the walk
 * would: the order is the same sort, and every event before the bucket is counted. Three or four round trips
 * whatever the depth; the counts and the page inside one point in time, so that they see the same events. When one
 * value holds too many events to page inside (ties of more than ~10,000), it says so and the caller walks.
 *
 * <p>Counting stops about where the offset lies. A query of fewer events than the total bound (a count that stops
 * there, asked with the range) is counted whole, in one histogram. A larger one is counted outward from where the
 * pages start: 1/64 of the range first, then a stretch as long as the density counted so far says the offset's
 * events take, half again for margin (at least as long as all counted before it, at most the rest): events spread
 * about evenly take two histograms, each a round trip over every index of the stream, where doubling stretches took
 * one per doubling (seven for the last page). About the offset's events' values read, not all of them. How far the
 * events reached is remembered ({@link CountHints}): later deep pages of the same query are read between those
 * marks ({@link MarkedPage}), and when the marks do not hold them, count just the stretch that held as many events
 * as they need (and the rest of the range only when it falls short).
 */
final class OffsetSeeker {

    private static final int BUCKETS = 1000;
    /** The first stretch counted outward from where the pages start, as a part of the whole range. */
    private static final int FIRST_STRETCH = 64;
    /** Requests sent alongside the caller's own, so that independent ones share a round trip. */
    private static final ExecutorService ALONGSIDE = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * Where the page starts.
     *
     * @param narrowed the query limited to the events from the bucket's start on (up to the buckets that hold the
     *                 page), in sort order; empty when the offset lies past the last event (the page is empty)
     * @param from     the offset of the page within the narrowed query
     * @param total    how many events the whole query matches
     */
    record Seek(Optional<Query> narrowed, int from, Total total) {
    }

    /**
     * The lowest and the highest value of the sort field among the query's events, and whether they are many (at
     * least the total bound).
     */
    record Range(long lowest, long highest, boolean many) {

        Window whole() {
            return new Window(lowest, highest + 1);
        }

        /**
         * The stretch from where the pages start up to {@code reached} (the value the pages had reached after as
         * many events as needed, the last time they were counted); the whole range when that is all of it.
         */
        Window upTo(Optional<Long> reached, boolean descending) {
            if (reached.isEmpty() || (descending ? reached.get() <= lowest : reached.get() > highest)) {
                return whole();
            }
            return descending ? new Window(reached.get(), highest + 1) : new Window(lowest, reached.get());
        }

        /** The first stretch counted outward from where the pages start: 1/64 of the range. */
        Window firstStretch(boolean descending) {
            long length = Math.max(1, (span() + FIRST_STRETCH - 1) / FIRST_STRETCH);
            return descending ? new Window(highest + 1 - length, highest + 1) : new Window(lowest, lowest + length);
        }

        /**
         * The stretch after {@code last}, counted outward from where the pages start, when {@code counted} events
         * lay between there and the end of {@code last} and {@code needed} are wanted: as long as the density counted
         * so far says the rest of them take, and half again, but at least as long as all counted before it (so that
         * sparse stretches are passed in a few steps) and at most the rest of the range; null when none is left.
         * Events spread about evenly take one stretch after the first, not one per doubling.
         */
        Window nextStretch(Window last, long counted, long needed, boolean descending) {
            long covered = descending ? highest + 1 - last.low() : last.high() - lowest;
            long rest = span() - covered;
            if (rest <= 0) {
                return null;
            }
            long length = covered;
            if (counted > 0 && needed > counted) {
                double estimate = 1.5 * covered * ((double) (needed - counted) / counted);
                length = (long) Math.min((double) rest, Math.max((double) covered, Math.ceil(estimate)));
            }
            length = Math.min(length, rest);
            return descending ? new Window(last.low() - length, last.low())
                    : new Window(last.high(), last.high() + length);
        }

        private long span() {
            return highest + 1 - lowest;
        }
    }

    /** The values [low, high) of the sort field, counted in {@link #BUCKETS} buckets of {@link #interval()}. */
    record Window(long low, long high) {

        long interval() {
            return Math.max(1, (high - low + BUCKETS - 1) / BUCKETS);
        }

        /** The rest of {@code whole} past this window, in the pages' order. */
        Window restOf(Window whole, boolean descending) {
            return descending ? new Window(whole.low, low) : new Window(high, whole.high);
        }
    }

    private final CountHints hints;
    private final OpenSearchClient client;
    private final int resultWindow;
    private final int totalBound;
    private final String keepAlive;

    /** Counting with what {@code hints} remembers, and into it. */
    OffsetSeeker(OpenSearchClient client, CountHints hints, int resultWindow, int totalBound, String keepAlive) {
        this.client = client;
        this.hints = hints;
        this.resultWindow = resultWindow;
        this.totalBound = totalBound;
        this.keepAlive = keepAlive;
    }

    /** Whether offsets of a sort led by a field of this type can be counted to. */
    static boolean counts(FieldType type) {
        return type == FieldType.DATE || type == FieldType.INTEGER || type == FieldType.LONG;
    }

    /**
     * The lowest and the highest value of {@code field} among the query's events in {@code index}; empty when no
     * event has the field, or the values reach too near a long's ends to be counted in spans. Read outside the point
     * in time, so that it can be asked while the point in time is opened: it only sizes the histograms' buckets,
     * which then count the point in time's own events.
     */
    Optional<Range> range(String index, Query query, String field, FieldType type, boolean counted)
            throws IOException {
        // A sorted search of one hit each, which OpenSearch answers from the field's index without reading every
        // event, and (unless the counting is remembered) a count that stops at the bound. All sent at once.
        Future<Optional<Long>> lowestSoon = alongside(() -> edge(index, query, field, type, false));
        Future<Total> countSoon = counted ? null : alongside(() -> totalOf(StoreReads.search(client,
                SearchRequest.of(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true).query(query)
                        .size(0).trackTotalHits(t -> t.count(totalBound))))));
        Optional<Long> highest = edge(index, query, field, type, true);
        Optional<Long> lowest = join(lowestSoon);
        boolean many = countSoon != null && !join(countSoon).exact();
        if (lowest.isEmpty() || highest.isEmpty() || !spannable(lowest.get(), highest.get())) {
            return Optional.empty();
        }
        return Optional.of(new Range(lowest.get(), highest.get(), many));
    }

    /**
     * Whether the windows' arithmetic (spans, ends one past the highest value) holds for values in [lowest,
     * highest]: not for integers near a long's ends (ids up to {@code Long.MAX_VALUE}), which are walked to instead.
     */
    static boolean spannable(long lowest, long highest) {
        return lowest > Long.MIN_VALUE / 2 && highest < Long.MAX_VALUE / 2;
    }

    /**
     * Whether how far the events of the query reach along {@code field} is remembered past {@code reach} events:
     * then its {@link #range} needs no count.
     */
    boolean remembers(Object identity, String field, boolean descending, long reach) {
        return hints.reached(hintKey(identity, field, descending), reach).isPresent();
    }

    /** What {@link CountHints} knows a query's counting by: the query, its sort field and direction. */
    static Object hintKey(Object identity, String field, boolean descending) {
        return List.of(identity, field, descending);
    }

    /**
     * Where offset {@code offset} of {@code query}, sorted by {@code field} first, starts; empty when it lies past
     * the events that have the field, or inside a tie too large to page through.
     *
     * @param identity what the query is across requests (the caller's filter and tenant), for {@link CountHints}
     */
    Optional<Seek> seek(String pit, Optional<Range> range, Query query, Object identity, String field,
                        FieldType type, boolean descending, long offset, int size) throws IOException {
        if (range.isEmpty()) {
            Total total = count(pit, query);
            return total.exact() && offset >= total.value() ? Optional.of(new Seek(Optional.empty(), 0, total))
                    : Optional.empty(); // no event has the field: walk
        }
        Window whole = range.get().whole();
        Object hinted = hintKey(identity, field, descending);
        Optional<Long> reached = hints.reached(hinted, offset + size);
        Window upTo = range.get().upTo(reached, descending);
        List<Window> planned = reached.isPresent()
                ? (upTo.equals(whole) ? List.of(whole) : List.of(upTo, upTo.restOf(whole, descending)))
                : range.get().many() ? List.of(range.get().firstStretch(descending)) : List.of(whole);
        boolean outward = reached.isEmpty() && range.get().many();
        boolean narrowed = !planned.getFirst().equals(whole);
        // Counting only stretches, the histograms' hits no longer count the total: a count of its own, which stops
        // at the bound, unless the offset itself is past the bound (then the total is "at least" the bound).
        Future<Total> totalSoon = narrowed && offset < totalBound ? alongside(() -> count(pit, query)) : null;
        Total total = null;
        long before = 0;
        List<long[]> marks = new ArrayList<>();
        Window window = planned.getFirst();
        for (int step = 1; window != null; step++) {
            SearchResponse<Map<String, Object>> counted = search(pit, narrowed ? within(query, field, window) : query,
                    Map.of("buckets", histogram(field, type, window.interval())), !narrowed);
            List<long[]> buckets = buckets(counted.aggregations().get("buckets"), type, descending);
            long held = 0;
            for (long[] bucket : buckets) {
                held += bucket[1];
                marks.add(new long[] {descending ? Math.max(window.low(), bucket[0])
                        : Math.min(window.high(), bucket[0] + window.interval()), before + held});
            }
            if (!narrowed) {
                total = totalOf(counted);
                if (total.exact() && offset >= total.value()) {
                    hints.remember(hinted, marks); // every event counted: any later page can be read from them
                    return Optional.of(new Seek(Optional.empty(), 0, total));
                }
            }
            if (offset < before + held) {
                hints.remember(hinted, marks);
                if (narrowed) {
                    total = totalSoon != null ? join(totalSoon) : new Total(totalBound, false);
                }
                return refine(pit, query, field, type, descending, window, buckets, before, offset, size, total);
            }
            before += held;
            window = outward ? range.get().nextStretch(window, before, offset + size, descending)
                    : step < planned.size() ? planned.get(step) : null;
        }
        hints.remember(hinted, marks);
        // Past every event with a value (all counted: "before" of them): among the events without one, which sort
        // last (walk there), or past the end, with a total counted exactly when below the bound.
        Total lacking = count(pit, lacking(query, field));
        if (lacking.exact() && offset >= before + lacking.value()) {
            long all = before + lacking.value();
            return Optional.of(new Seek(Optional.empty(), 0,
                    all < totalBound ? new Total(all, true) : new Total(totalBound, false)));
        }
        return Optional.empty();
    }

    /**
     * From the counted {@code window} whose {@code buckets} (in page order, after {@code before} events) hold the
     * offset: finer histograms inside the bucket that holds it, until the page is within the result window's reach.
     */
    private Optional<Seek> refine(String pit, Query query, String field, FieldType type, boolean descending,
                                  Window window, List<long[]> buckets, long before, long offset, int size, Total total)
            throws IOException {
        long low = window.low();
        long high = window.high();
        while (true) {
            long interval = new Window(low, high).interval();
            int found = -1;
            for (int k = 0; k < buckets.size(); k++) {
                if (before + buckets.get(k)[1] > offset) {
                    found = k;
                    break;
                }
                before += buckets.get(k)[1];
            }
            if (found < 0) {
                return Optional.empty(); // counts changed under the point in time: cannot happen, but never guess
            }
            // Buckets are aligned to multiples of the interval, so inside a narrowed range the first and last may
            // reach past it, to events counted before (or after) it: clamp to the range.
            long start = Math.max(low, buckets.get(found)[0]);
            long end = Math.min(high, buckets.get(found)[0] + interval);
            long within = offset - before;
            if (within + size <= resultWindow) {
                return Optional.of(new Seek(Optional.of(pageQuery(query, field, descending, buckets, interval, found,
                        within, size, start, end)), (int) within, total));
            }
            if (interval == 1) {
                return Optional.empty(); // one value holds more events than a page can reach into
            }
            low = start;
            high = end;
            Window finer = new Window(low, high);
            buckets = buckets(search(pit, within(query, field, finer),
                    Map.of("buckets", histogram(field, type, finer.interval())), false)
                    .aggregations().get("buckets"), type, descending);
        }
    }

    /**
     * The query the page is read from, starting at the bucket that holds its first event. When the buckets from
     * there on hold the whole page, it ends with them: OpenSearch then sorts a few buckets' worth of events, not
     * every event after the offset. Otherwise it runs to the end, events without the field included.
     */
    private static Query pageQuery(Query query, String field, boolean descending, List<long[]> buckets, long interval,
                                   int found, long within, int size, long start, long end) {
        int last = found;
        long held = buckets.get(found)[1] - within;
        while (held < size && last + 1 < buckets.size()) {
            last++;
            held += buckets.get(last)[1];
        }
        if (held < size) {
            return fromBucketOn(query, field, descending ? null : start, descending ? end : null);
        }
        long lastKey = buckets.get(last)[0];
        return descending ? within(query, field, lastKey, end) : within(query, field, start, lastKey + interval);
    }

    private static Aggregation histogram(String field, FieldType type, long interval) {
        return Aggregation.of(a -> type == FieldType.DATE
                ? a.dateHistogram(h -> h.field(field).fixedInterval(t -> t.time(interval + "ms")).minDocCount(1))
                : a.histogram(h -> h.field(field).interval((double) interval).minDocCount(1)));
    }

    /** Nonempty buckets as [key, count], in the pages' order. */
    private static List<long[]> buckets(Aggregate found, FieldType type, boolean descending) {
        List<long[]> buckets = new ArrayList<>();
        if (found == null) {
            return buckets; // no index matched: OpenSearch answers no aggregations
        }
        if (type == FieldType.DATE) {
            found.dateHistogram().buckets().array().forEach(b -> buckets.add(new long[] {b.key(), b.docCount()}));
        } else {
            found.histogram().buckets().array().forEach(b -> buckets.add(new long[] {(long) b.key(), b.docCount()}));
        }
        if (descending) {
            Collections.reverse(buckets);
        }
        return buckets;
    }

    /** Sends a request alongside the caller's own. */
    static <T> Future<T> alongside(Callable<T> request) {
        return ALONGSIDE.submit(request);
    }

    /** The result of a request sent alongside, with its failure as the caller's own would have been. */
    static <T> T join(Future<T> alongside) throws IOException {
        try {
            return alongside.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for OpenSearch", e);
        }
    }

    /** The lowest (or highest) value of {@code field} among the query's events, if any has one. */
    private Optional<Long> edge(String index, Query query, String field, FieldType type, boolean highest)
            throws IOException {
        Query having = Query.of(q -> q.bool(b -> b.filter(query).filter(f -> f.exists(e -> e.field(field)))));
        var unmapped = type == FieldType.DATE ? org.opensearch.client.opensearch._types.mapping.FieldType.Date
                : org.opensearch.client.opensearch._types.mapping.FieldType.Long;
        SearchResponse<Map<String, Object>> found = StoreReads.search(client, SearchRequest.of(s -> s
                .index(index).ignoreUnavailable(true).allowNoIndices(true).query(having).size(1)
                .sort(o -> o.field(f -> f.field(field).unmappedType(unmapped)
                        .order(highest ? SortOrder.Desc : SortOrder.Asc)))
                .source(src -> src.fetch(false)).trackTotalHits(t -> t.enabled(false))));
        if (found.hits().hits().isEmpty() || found.hits().hits().get(0).sort().isEmpty()) {
            return Optional.empty();
        }
        FieldValue value = found.hits().hits().get(0).sort().get(0);
        return value.isLong() ? Optional.of(value.longValue())
                : value.isDouble() ? Optional.of((long) Math.floor(value.doubleValue())) : Optional.empty();
    }

    private static Total totalOf(SearchResponse<Map<String, Object>> response) {
        var hits = response.hits().total();
        return new Total(hits.value(), hits.relation() == TotalHitsRelation.Eq);
    }

    /** How many events the query matches inside the point in time, counted up to the bound. */
    private Total count(String pit, Query query) throws IOException {
        return totalOf(search(pit, query, Map.of(), true));
    }

    private SearchResponse<Map<String, Object>> search(String pit, Query query,
            Map<String, Aggregation> aggregations, boolean total)
            throws IOException {
        return StoreReads.search(client, SearchRequest.of(s -> s.pit(Pit.of(p -> p.id(pit).keepAlive(keepAlive)))
                .query(query).size(0).aggregations(aggregations)
                .trackTotalHits(t -> total ? t.count(totalBound) : t.enabled(false))));
    }

    /** The query's events whose {@code field} lies in the window. */
    private static Query within(Query query, String field, Window window) {
        return within(query, field, window.low(), window.high());
    }

    /** The query's events whose {@code field} lies in [low, high). */
    static Query within(Query query, String field, long low, long high) {
        Query range = Query.of(q -> q.range(r -> r.field(field).gte(JsonData.of(low)).lt(JsonData.of(high))));
        return Query.of(q -> q.bool(b -> b.filter(query, range)));
    }

    /** The query's events without a value in {@code field}. */
    private static Query lacking(Query query, String field) {
        return Query.of(q -> q.bool(b -> b.filter(query).mustNot(m -> m.exists(e -> e.field(field)))));
    }

    /**
     * The query's events from a bucket on, in sort order: ascending, at least {@code atLeast}; descending, below
     * {@code below}. Events without the field sort last either way, so they are kept.
     */
    static Query fromBucketOn(Query query, String field, Long atLeast, Long below) {
        Query range = Query.of(q -> q.range(r -> atLeast != null ? r.field(field).gte(JsonData.of(atLeast))
                : r.field(field).lt(JsonData.of(below))));
        Query missing = Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field(field)))));
        Query either = Query.of(q -> q.bool(b -> b.should(range, missing).minimumShouldMatch("1")));
        return Query.of(q -> q.bool(b -> b.filter(query, either)));
    }
}
