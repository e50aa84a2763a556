package io.eventsearch.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.eventsearch.query.InvalidQueryException;
import io.eventsearch.query.SearchHit;
import io.eventsearch.query.SearchPage;
import io.eventsearch.query.SearchPosition;
import io.eventsearch.query.StoredEvent;
import io.eventsearch.query.StreamRestriction;
import io.eventsearch.query.StreamsQuery;
import io.eventsearch.query.Total;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.core.search.HighlightField;
import org.opensearch.client.opensearch.core.search.Pit;
import org.opensearch.client.opensearch.core.search.TotalHitsRelation;

/**
 * Searches over several streams at once, in one OpenSearch request: pages after a position (search_after inside a
 * point in time, whose id the position carries) and whole-result scans for exports.
 * <p>
 * A first page opens no point in time: most searches are looked at and left, and OpenSearch keeps at most
 * {@code search.max_open_pit_context} (300 by default) for the whole cluster. The second page opens one, which the
 * pages after it read, and the last page closes it; what arrived between the first page and the second is kept out
 * by the query itself (see {@code SearchRequestParser}: events accepted after the first page are not part of the
 * walk), so the walk returns every event that existed at its first page once, and nothing else. The point in time's
 * id travels in the cursor, in a URL, and grows with the number of indices it covers (about 170 characters each);
 * past {@link #CURSOR_POINT_IN_TIME} the walk reads the live indices instead, as it does when OpenSearch refuses
 * another point in time: the sort order is total (time, index, id), so it still skips and repeats nothing. A refused
 * point in time is never an error.
 */
final class StreamsSearcher {

    private static final System.Logger LOG = System.getLogger(StreamsSearcher.class.getName());
    /** The longest point-in-time id a cursor carries: about 35 indices; compressed, a cursor of about 2 KB. */
    static final int CURSOR_POINT_IN_TIME = 6_000;
    /**
     * Events per request of an export walk. Each request of a walk costs about as much as sorting every match again
     * (about 100 ms per million here, whatever the batch), so batches are large: 1,000,000 events take 100 requests.
     */
    private static final int SCAN_BATCH = 10_000;
    /** Unlikely in events (private use), so a highlighted value can be split back into text and ranges. */
    private static final String MARK_START = "\uE000";
    private static final String MARK_END = "\uE001";

    private final OpenSearchClient client;
    private final QueryTranslator translator;
    private final QuerySettings settings;
    private final java.util.concurrent.atomic.AtomicLong lastRefusal =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - java.util.concurrent.TimeUnit.MINUTES.toNanos(2));

    StreamsSearcher(OpenSearchClient client, QueryTranslator translator, QuerySettings settings) {
        this.client = client;
        this.translator = translator;
        this.settings = settings;
    }

    /** What every request of one search shares; {@code streams} are those the filter can match. */
    private record Plan(List<StreamDefinition> streams, Query query, List<SortOptions> sort, List<String> includes,
                        List<String> excludes, Map<String, String> highlighted) {

        List<String> aliases() {
            return streams.stream().map(StreamDefinition::readAlias).toList();
        }
    }

    SearchPage search(String tenant, StreamsQuery query) {
        Optional<Plan> plan = plan(tenant, query);
        if (plan.isEmpty()) {
            return new SearchPage(List.of(), new Total(0, true), Optional.empty());
        }
        if (query.after().isPresent()) {
            return continued(plan.get(), query, query.after().get());
        }
        return page(plan.get(), query, null, List.of());
    }

    /** Reads every matching event, a batch at a time, inside one point in time that {@link EventScan#close} frees. */
    EventScan scan(String tenant, StreamsQuery query) {
        Optional<Plan> plan = plan(tenant, query);
        if (plan.isEmpty()) {
            return new Scan(null, null);
        }
        return new Scan(plan.get(), openPointInTime(plan.get()));
    }

    private SearchPage continued(Plan plan, StreamsQuery query, SearchPosition position) {
        List<FieldValue> after = position.after().stream().map(StoreReads::fieldValue).toList();
        String pit = position.pointInTime();
        if (pit == null && query.snapshot()) {
            // The walk goes on past its first page: from here on it reads a snapshot of the indices.
            String opened = openPointInTime(plan);
            pit = opened != null && opened.length() <= CURSOR_POINT_IN_TIME ? opened : SearchPosition.LIVE;
            if (!SearchPosition.isSnapshot(pit)) {
                closePointInTime(opened);
            }
        }
        try {
            SearchPage page = page(plan, query, pit, after);
            if (page.next().isEmpty()) {
                closePointInTime(pit);
            }
            return page;
        } catch (StaleReadException e) {
            throw new PositionExpiredException("the cursor's point in time is gone", e);
        } catch (OpenSearchException e) {
            if (e.status() == 400) {
                // Only a cursor that this service did not write gets here: its snapshot id or sort values are not
                // what OpenSearch handed out.
                throw new InvalidQueryException("cursor", "is not a cursor of this search");
            }
            throw e;
        }
    }

    private Optional<Plan> plan(String tenant, StreamsQuery query) {
        List<StreamDefinition> streams = StreamRestriction.reachable(query.filter(), query.streams());
        for (String field : query.fields()) {
            if (query.streams().stream().noneMatch(s -> s.field(field).filter(f -> !f.serverOwned()).isPresent())) {
                throw new InvalidQueryException("fields", "no stream searched has a field '" + field + "'");
            }
        }
        if (streams.isEmpty()) {
            return Optional.empty();
        }
        Set<String> excludes = new TreeSet<>();
        Map<String, String> highlighted = new LinkedHashMap<>();
        for (StreamDefinition stream : streams) {
            stream.fields().stream().filter(StreamField::serverOwned).map(StreamField::path).forEach(excludes::add);
            stream.searchableFields().forEach(f -> highlighted.put(f.searchPath(), f.path()));
        }
        List<String> includes = query.fields().stream().sorted().toList();
        return Optional.of(new Plan(streams, translator.query(streams, tenant, query.filter()),
                translator.sort(streams, query.sort()), includes, List.copyOf(excludes), highlighted));
    }

    /**
     * A point in time over the plan's streams, or null when OpenSearch will not open one now: the walk then reads the
     * live indices. Never retried and never an error: a refusal is usually the cluster's limit of open points in
     * time (answered 429, in a body the client cannot always read), which waiting a moment does not lift.
     */
    private String openPointInTime(Plan plan) {
        List<String> aliases = plan.aliases();
        for (int attempt = 1; ; attempt++) {
            try {
                List<String> over = aliases;
                return client.createPit(p -> p.index(over).keepAlive(t -> t.time(settings.cursorKeepAliveText())))
                        .pitId();
            } catch (OpenSearchException e) {
                String type = e.error() == null ? "" : e.error().type();
                if ("index_not_found_exception".equals(type) && attempt == 1) {
                    // A stream no event was stored in has no alias yet: its part of the search is empty anyway.
                    aliases = existingOrNone(aliases);
                    if (!aliases.isEmpty()) {
                        continue;
                    }
                    return null;
                }
                refused(e);
                return null;
            } catch (IOException | RuntimeException e) {
                refused(e);
                return null;
            }
        }
    }

    /** Says that walks read live indices, at most once a minute: under a flood of walks it would say little else. */
    private void refused(Exception e) {
        long now = System.nanoTime();
        long last = lastRefusal.get();
        if (now - last > java.util.concurrent.TimeUnit.MINUTES.toNanos(1) && lastRefusal.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.WARNING, "OpenSearch opened no point in time ({0}); walks read the live "
                    + "indices until it does", e.toString());
        }
    }

    private List<String> existingOrNone(List<String> aliases) {
        try {
            return existing(aliases);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private List<String> existing(List<String> aliases) throws IOException {
        List<String> existing = new ArrayList<>();
        for (String alias : aliases) {
            if (client.indices().exists(e -> e.index(alias)).value()) {
                existing.add(alias);
            }
        }
        return existing;
    }

    private void closePointInTime(String pit) {
        if (!SearchPosition.isSnapshot(pit)) {
            return;
        }
        try {
            client.deletePit(d -> d.pitId(pit));
        } catch (IOException | OpenSearchException ignored) {
            // it expires by itself after its keep-alive
        }
    }

    /** One page of {@code query.size()} hits after {@code after}; one more is asked for to know whether it is the last. */
    private SearchPage page(Plan plan, StreamsQuery query, String pit, List<FieldValue> after) {
        SearchResponse<Map<String, Object>> response = read(plan, pit, after, query.size() + 1, true, query.highlight());
        List<Hit<Map<String, Object>>> hits = response.hits().hits();
        List<SearchHit> found = new ArrayList<>();
        for (int i = 0; i < Math.min(hits.size(), query.size()); i++) {
            found.add(hit(plan, hits.get(i), pit));
        }
        Optional<SearchPosition> next = hits.size() > query.size()
                ? Optional.of(new SearchPosition(pit, sortValues(hits.get(query.size() - 1))))
                : Optional.empty();
        var total = response.hits().total();
        Total counted = total == null ? new Total(found.size(), true)
                : new Total(total.value(), total.relation() == TotalHitsRelation.Eq);
        return new SearchPage(found, counted, next);
    }

    private SearchResponse<Map<String, Object>> read(Plan plan, String pit, List<FieldValue> after, int size,
                                                     boolean countTotal, boolean highlight) {
        SearchRequest request = SearchRequest.of(s -> {
            if (!SearchPosition.isSnapshot(pit)) {
                s.index(plan.aliases()).ignoreUnavailable(true).allowNoIndices(true);
            } else {
                s.pit(Pit.of(p -> p.id(pit).keepAlive(settings.cursorKeepAliveText())));
            }
            s.query(plan.query()).sort(plan.sort()).size(size)
                    .source(src -> src.filter(f -> f.includes(plan.includes()).excludes(plan.excludes())));
            if (countTotal) {
                s.trackTotalHits(t -> t.count(settings.totalBound()));
            } else {
                s.trackTotalHits(t -> t.enabled(false));
            }
            if (!after.isEmpty()) {
                s.searchAfter(after);
            }
            if (highlight) {
                Map<String, HighlightField> fields = new LinkedHashMap<>();
                plan.highlighted().keySet().forEach(path -> fields.put(path, HighlightField.of(h -> h.numberOfFragments(0))));
                s.highlight(h -> h.fields(fields).preTags(MARK_START).postTags(MARK_END));
            }
            return s;
        });
        SearchResponse<Map<String, Object>> response = StoreReads.answer(() -> StoreReads.search(client, request), null);
        if (response == null) {
            // An index the walk read is gone (retention removed it) or never existed.
            if (SearchPosition.isSnapshot(pit)) {
                throw new StaleReadException("an index of the point in time is gone", null);
            }
            throw new StoreUnavailableException("the stream indices vanished during the search", null);
        }
        return response;
    }

    private static List<Object> sortValues(Hit<Map<String, Object>> hit) {
        return hit.sort().stream().map(StoreReads::plain).toList();
    }

    private static SearchHit hit(Plan plan, Hit<Map<String, Object>> hit, String pit) {
        String stream = plan.streams().stream().filter(s -> hit.index().startsWith(s.indexPrefix()))
                .map(StreamDefinition::name).findFirst().orElse(hit.index());
        Map<String, List<SearchHit.Highlight>> highlights = new LinkedHashMap<>();
        hit.highlight().forEach((searchPath, fragments) -> {
            List<SearchHit.Highlight> values = fragments.stream().map(StreamsSearcher::highlight)
                    .flatMap(Optional::stream).toList();
            if (!values.isEmpty()) {
                highlights.merge(plan.highlighted().getOrDefault(searchPath, searchPath), values, (a, b) -> {
                    List<SearchHit.Highlight> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        });
        return new SearchHit(stream, new StoredEvent(hit.source()), highlights, new SearchPosition(pit, sortValues(hit)));
    }

    /** A highlighted value split into its text and the ranges between the marks; empty if the value held a mark. */
    static Optional<SearchHit.Highlight> highlight(String marked) {
        StringBuilder text = new StringBuilder(marked.length());
        List<SearchHit.TextRange> ranges = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == MARK_START.charAt(0)) {
                if (start >= 0) {
                    return Optional.empty();
                }
                start = text.length();
            } else if (c == MARK_END.charAt(0)) {
                if (start < 0) {
                    return Optional.empty();
                }
                ranges.add(new SearchHit.TextRange(start, text.length()));
                start = -1;
            } else {
                text.append(c);
            }
        }
        return start >= 0 || ranges.isEmpty() ? Optional.empty()
                : Optional.of(new SearchHit.Highlight(text.toString(), ranges));
    }

    /** The export walk: batches of {@link #SCAN_BATCH} after the last event read. */
    private final class Scan implements EventScan {

        private final Plan plan;
        private String pit;
        private List<Hit<Map<String, Object>>> batch = List.of();
        private int next;
        private boolean exhausted;

        Scan(Plan plan, String pit) {
            this.plan = plan;
            this.pit = pit;
            this.exhausted = plan == null;
        }

        @Override
        public boolean hasNext() {
            if (next < batch.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            List<FieldValue> after = batch.isEmpty() ? List.of()
                    : batch.get(batch.size() - 1).sort().stream().toList();
            batch = read(plan, pit, after, SCAN_BATCH, false, false).hits().hits();
            next = 0;
            exhausted = batch.size() < SCAN_BATCH;
            if (exhausted) {
                close();
            }
            return !batch.isEmpty();
        }

        @Override
        public SearchHit next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return hit(plan, batch.get(next++), pit);
        }

        @Override
        public void close() {
            exhausted = true;
            closePointInTime(pit);
            pit = null;
        }
    }
}
