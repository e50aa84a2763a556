package io.eventsearch.store;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

import io.eventsearch.query.ResultPage;
import io.eventsearch.query.Total;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.search.Pit;

/**
 * A deep page read between the marks an earlier count of the same query left ({@link CountHints}), inside the
 * page's point in time: a count of the events before the mark where the page's stretch starts, and the stretch's
 * hits from a few before where the marks say the page lies to a few after, sent together. OpenSearch counts the
 * events before a mark from its index of the field, without reading them one by one as a histogram does, and
 * both searches see the point in time's events: the count says exactly where the page lies among the hits, and
 * the page is the one the walk returns. When the hits do not hold it (more events came or went before the mark
 * than the slack absorbs), the page is read again at the offset the count gave, and the marks are corrected by
 * the difference, so that a query whose newest events keep arriving stays on this path. When the count puts the
 * page out of a search's reach of the mark, the caller counts ({@link OffsetSeeker}).
 */
final class MarkedPage {

    /** Hits read on either side of where the marks say the page lies: events added or gone since they were counted. */
    static final int SLACK = 10;

    private final PageSearch pages;
    private final CountHints hints;
    private final int resultWindow;
    private final int totalBound;
    private final String keepAlive;

    MarkedPage(PageSearch pages, CountHints hints, int resultWindow, int totalBound, String keepAlive) {
        this.pages = pages;
        this.hints = hints;
        this.resultWindow = resultWindow;
        this.totalBound = totalBound;
        this.keepAlive = keepAlive;
    }

    /**
     * Where page [{@code offset}, {@code offset + size}) of a query sorted by {@code field} first lies, by the marks.
     *
     * @param start the last mark at or before the offset: where the page's stretch starts
     * @param end   the first mark at least a page and the slack past the offset, where the stretch ends; empty when
     *              no mark reaches that far (the stretch runs to the last event)
     * @param from  the first hit read, among the stretch's events
     * @param hits  how many are read
     */
    record Attempt(Object key, String field, boolean descending, long offset, int size,
                   CountHints.Mark start, Optional<CountHints.Mark> end, int from, int hits) {
    }

    /** Where the page lies, when the marks remembered of the query put it within a search's reach of one. */
    Optional<Attempt> attempt(Object key, String field, boolean descending, long offset, int size) {
        Optional<CountHints.Mark> start = hints.atMost(key, offset);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        long within = offset - start.get().count();
        long from = Math.max(0, within - SLACK);
        long hits = within + size + SLACK - from;
        if (from + hits > resultWindow) {
            return Optional.empty(); // the marks lie too far apart here
        }
        return Optional.of(new Attempt(key, field, descending, offset, size, start.get(),
                hints.reaching(key, offset + size + SLACK), (int) from, (int) hits));
    }

    /**
     * The page, read inside {@code pit}; empty when the count puts it out of reach of the start mark (the marks are
     * then forgotten, so that the counting that follows remembers afresh).
     */
    Optional<ResultPage> read(Attempt attempt, String pit, Query query, List<SortOptions> sort, List<String> includes,
                              List<String> excludes) throws IOException {
        String field = attempt.field();
        long start = attempt.start().value();
        Query before = Query.of(q -> q.range(r -> attempt.descending() ? r.field(field).gte(JsonData.of(start))
                : r.field(field).lt(JsonData.of(start))));
        Future<Total> countedSoon = OffsetSeeker.alongside(() -> count(pit,
                Query.of(q -> q.bool(b -> b.filter(query, before))), Integer.MAX_VALUE));
        Future<Total> totalSoon = attempt.offset() < totalBound
                ? OffsetSeeker.alongside(() -> count(pit, query, totalBound)) : null;
        Query stretch = attempt.end().map(end -> attempt.descending()
                ? OffsetSeeker.within(query, field, end.value(), start)
                : OffsetSeeker.within(query, field, start, end.value()))
                .orElseGet(() -> OffsetSeeker.fromBucketOn(query, field,
                        attempt.descending() ? null : start, attempt.descending() ? start : null));
        PageSearch.Answer read = pages.answer(page(pit, stretch, sort, includes, excludes, attempt.from(),
                attempt.hits()));
        long counted = OffsetSeeker.join(countedSoon).value();
        Total total = totalSoon != null ? OffsetSeeker.join(totalSoon) : new Total(totalBound, false);
        long within = attempt.offset() - counted;
        if (counted != attempt.start().count()) {
            hints.correct(attempt.key(), attempt.start(), counted);
        }
        boolean ended = read.size() < attempt.hits(); // the stretch holds no more events than these
        if (within >= attempt.from() && within < attempt.from() + read.size()
                && (within + attempt.size() <= attempt.from() + read.size() || ended && attempt.end().isEmpty())) {
            int first = (int) (within - attempt.from());
            int last = Math.min(read.size(), first + attempt.size());
            markEdges(attempt, read, counted, first, last);
            PageSearch.Hits hits = read.hits(first, last);
            return Optional.of(new ResultPage(hits.events(), total, hits.lastSort()));
        }
        if (within < 0 || within + attempt.size() > resultWindow) {
            hints.forget(attempt.key());
            return Optional.empty();
        }
        // More events came or went before the mark than the slack absorbs: the page, where the count puts it.
        Query rest = OffsetSeeker.fromBucketOn(query, field, attempt.descending() ? null : start,
                attempt.descending() ? start : null);
        PageSearch.Hits hits = pages.answer(page(pit, rest, sort, includes, excludes, (int) within, attempt.size()))
                .hits();
        if (hits.events().isEmpty()) {
            hints.forget(attempt.key());
            return Optional.empty(); // past the last event: counted, for the true total
        }
        return Optional.of(new ResultPage(hits.events(), total, hits.lastSort()));
    }

    /**
     * Marks where the sort field's value changes nearest the page's first hit and nearest the one after its last
     * (hits {@code first} and {@code last} of {@code read}, which starts {@code counted + from} events in): this
     * page again, or the next, is then read from right there rather than from a mark up to 5,000 events before.
     */
    private void markEdges(Attempt attempt, PageSearch.Answer read, long counted, int first, int last)
            throws IOException {
        for (int k = Math.max(1, first); k < Math.min(read.size(), last + 1); k++) {
            if (edge(attempt, read, counted, k)) {
                break;
            }
        }
        for (int k = Math.min(read.size() - 1, last); k > Math.max(first, 1); k--) {
            if (edge(attempt, read, counted, k)) {
                break;
            }
        }
    }

    /** Marks hit {@code k} of {@code read} when the sort field's value changes there; whether it does. */
    private boolean edge(Attempt attempt, PageSearch.Answer read, long counted, int k) throws IOException {
        Optional<Long> before = read.leadingSortValue(k - 1);
        Optional<Long> at = read.leadingSortValue(k);
        if (before.isEmpty() || at.isEmpty() || before.get().equals(at.get())) {
            return false;
        }
        if (!OffsetSeeker.spannable(Math.min(before.get(), at.get()), Math.max(before.get(), at.get()))) {
            return true; // events without the field (sorted as a long's end) from here on: no place for a mark
        }
        // Ascending, the events before value v are those below it; descending, those at or above it: hit k's value
        // itself, or one above it.
        long value = attempt.descending() ? at.get() + 1 : at.get();
        hints.add(attempt.key(), new CountHints.Mark(value, counted + attempt.from() + k), attempt.descending());
        return true;
    }

    private SearchRequest page(String pit, Query query, List<SortOptions> sort, List<String> includes,
                               List<String> excludes, int from, int size) {
        return SearchRequest.of(s -> s.pit(Pit.of(p -> p.id(pit).keepAlive(keepAlive)))
                .query(query).sort(sort).from(from).size(size).trackTotalHits(t -> t.enabled(false))
                .source(src -> src.filter(f -> f.includes(includes).excludes(excludes))));
    }

    /** How many events {@code query} matches inside the point in time, counted up to {@code bound}. */
    private Total count(String pit, Query query, int bound) throws IOException {
        return pages.answer(SearchRequest.of(s -> s.pit(Pit.of(p -> p.id(pit).keepAlive(keepAlive)))
                .query(query).size(0).trackTotalHits(t -> bound == Integer.MAX_VALUE ? t.enabled(true)
                        : t.count(bound)))).hits().total();
    }
}
