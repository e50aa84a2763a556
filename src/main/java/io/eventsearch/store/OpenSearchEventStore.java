package io.eventsearch.store;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.eventsearch.Meters;
import io.eventsearch.query.Aggregated;
import io.eventsearch.query.Aggregation;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.Page;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.SortKey;
import io.eventsearch.query.SearchPage;
import io.eventsearch.query.StreamsQuery;
import io.eventsearch.query.Total;
import io.eventsearch.query.ValueCount;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.CreatePitRequest;
import org.opensearch.client.opensearch.core.DeletePitRequest;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.core.search.Pit;

/**
 * The event store on OpenSearch: runs event queries for one tenant. Pages within OpenSearch's result window use from/size; deeper offsets are
 * reached by walking there with {@code search_after} inside a point in time, fetching only sort values, so they never
 * hit the window error and never skip or repeat events that share a timestamp (the id breaks every tie).
 */
public final class OpenSearchEventStore implements EventStore, AutoCloseable {

    static final int RESULT_WINDOW = Page.RESULT_WINDOW;
    private static final String PIT_KEEP_ALIVE = "2m";
    private static final ExecutorService CLOSER = Executors.newVirtualThreadPerTaskExecutor();

    /** Connections to each node for listing pages, as many as the typed client keeps. */
    private static final int PAGE_CONNECTIONS = 10;

    private final OpenSearchClient client;
    private final HttpChannel pageChannel;
    private final ChannelCalls calls;
    private final PageSearch pages;
    private final QueryTranslator translator;
    private final int totalBound;
    private final StreamsSearcher searcher;
    private final StreamsAggregator aggregator;
    private final OffsetSeeker seeker;
    private final MarkedPage marked;

    /**
     * Listing pages go to the nodes of {@code openSearch} through a channel of their own; the rest through
     * {@code client}.
     */
    public OpenSearchEventStore(OpenSearchClient client, OpenSearchSettings openSearch, ObjectMapper mapper,
                                QueryTranslator translator, QuerySettings settings) {
        this.client = client;
        this.pageChannel = HttpChannel.open(openSearch, PAGE_CONNECTIONS);
        this.calls = new ChannelCalls(pageChannel, client._transport().jsonpMapper());
        this.pages = new PageSearch(calls, mapper);
        this.translator = translator;
        this.totalBound = settings.totalBound();
        this.searcher = new StreamsSearcher(client, translator, settings);
        this.aggregator = new StreamsAggregator(client, translator, settings);
        CountHints hints = new CountHints();
        this.seeker = new OffsetSeeker(client, hints, RESULT_WINDOW, settings.totalBound(), PIT_KEEP_ALIVE);
        this.marked = new MarkedPage(pages, hints, RESULT_WINDOW, settings.totalBound(), PIT_KEEP_ALIVE);
    }

    @Override
    public Aggregated aggregate(String tenant, List<StreamDefinition> streams, Filter filter,
                                List<Aggregation> aggregations) {
        return aggregator.aggregate(tenant, streams, filter, aggregations);
    }

    @Override
    public SearchPage search(String tenant, StreamsQuery query) {
        return searcher.search(tenant, query);
    }

    @Override
    public EventScan scan(String tenant, StreamsQuery query) {
        return searcher.scan(tenant, query);
    }

    /**
     * A translated query: what every request of one search shares.
     *
     * @param identity what the query is across requests: the stream, the tenant and the caller's filter
     */
    private record Plan(StreamDefinition stream, Query query, List<SortOptions> sort, List<String> includes,
                        List<String> excludes, Object identity) {
    }

    @Override
    public ResultPage page(StreamDefinition stream, String tenant, EventQuery query) {
        Plan plan = new Plan(stream,
                translator.query(stream, tenant, query),
                translator.sort(stream, query.sort()),
                translator.projection(stream, query.fields()),
                stream.fields().stream().filter(StreamField::serverOwned).map(StreamField::path).toList(),
                List.of(stream.name(), tenant, query.filter()));
        return StoreReads.answer(() -> switch (query.page()) {
            case Page.After after -> fetch(plan, after.size(), 0,
                    after.after().stream().map(StoreReads::fieldValue).toList(), null);
            case Page.Offset offset when offset.offset() + offset.size() <= RESULT_WINDOW ->
                    fetch(plan, offset.size(), (int) offset.offset(), List.of(), null);
            case Page.Offset offset -> deepPage(plan, query.sort(), offset);
        }, new ResultPage(List.of(), new Total(0, true), List.of()));
    }

    @Override
    public List<ValueCount> topValues(StreamDefinition stream, String tenant, Filter filter, String field, int size) {
        Query query = translator.query(stream, tenant, new EventQuery(filter, List.of(), new Page.Offset(0, 0), Set.of()));
        String path = translator.aggregatable(stream, field);
        return StoreReads.answer(() -> {
            SearchResponse<Map<String, Object>> response = StoreReads.search(client, SearchRequest.of(s -> s
                    .index(stream.readAlias()).ignoreUnavailable(true).allowNoIndices(true)
                    .query(query).size(0).trackTotalHits(t -> t.enabled(false))
                    .aggregations("top", a -> a.terms(t -> t.field(path).size(size)))));
            var top = response.aggregations().get("top");
            if (top == null) {
                return List.<ValueCount>of(); // no index matched the alias yet: OpenSearch answers no aggregations
            }
            return top.sterms().buckets().array().stream()
                    .map(bucket -> new ValueCount(bucket.key(), bucket.docCount())).toList();
        }, List.of());
    }

    /**
     * A page past OpenSearch's result window, inside one point in time. When the sort is led by a date or an
     * integer: read between the marks an earlier count of the query left ({@link MarkedPage}), else found by
     * counting ({@link OffsetSeeker}); for other sorts (and inside ties too large to page through) by walking there.
     */
    private ResultPage deepPage(Plan plan, List<SortKey> keys, Page.Offset offset) throws IOException {
        SortKey lead = keys.isEmpty() ? SortKey.ascending(plan.stream().idField()) : keys.get(0);
        FieldType type = plan.stream().field(lead.field()).map(StreamField::type).orElse(FieldType.KEYWORD);
        String alias = plan.stream().readAlias();
        // The point in time is opened while the marks are looked up and the sort field's range is asked: one round
        // trip less on the page's path.
        Future<String> pitSoon = OffsetSeeker.alongside(() -> calls.call(CreatePitRequest._ENDPOINT,
                CreatePitRequest.of(p -> p.index(alias).keepAlive(t -> t.time(PIT_KEEP_ALIVE)))).pitId());
        try {
            Optional<MarkedPage.Attempt> attempt = OffsetSeeker.counts(type)
                    ? marked.attempt(OffsetSeeker.hintKey(plan.identity(), lead.field(), lead.descending()),
                            lead.field(), lead.descending(), offset.offset(), offset.size())
                    : Optional.empty();
            if (attempt.isPresent()) {
                Optional<ResultPage> page = marked.read(attempt.get(), OffsetSeeker.join(pitSoon), plan.query(),
                        plan.sort(), plan.includes(), plan.excludes());
                found(page.isPresent() ? "marks" : "marks_missed");
                if (page.isPresent()) {
                    return page.get();
                }
            }
            Optional<OffsetSeeker.Range> range = OffsetSeeker.counts(type)
                    ? seeker.range(alias, plan.query(), lead.field(), type, seeker.remembers(plan.identity(),
                            lead.field(), lead.descending(), offset.offset() + offset.size()))
                    : Optional.empty();
            String pit = OffsetSeeker.join(pitSoon);
            if (OffsetSeeker.counts(type)) {
                Optional<OffsetSeeker.Seek> seek = seeker.seek(pit, range, plan.query(), plan.identity(),
                        lead.field(), type, lead.descending(), offset.offset(), offset.size());
                if (seek.isPresent() && seek.get().narrowed().isEmpty()) {
                    found("counting");
                    return new ResultPage(List.of(), seek.get().total(), List.of()); // past the last event
                }
                if (seek.isPresent()) {
                    Plan narrowed = new Plan(plan.stream(), seek.get().narrowed().get(), plan.sort(), plan.includes(),
                            plan.excludes(), plan.identity());
                    ResultPage page = fetch(narrowed, offset.size(), seek.get().from(), List.of(), pit);
                    found("counting");
                    return new ResultPage(page.events(), seek.get().total(), page.lastSort());
                }
            }
            if (offset.offset() > Page.MAX_WALKED_OFFSET) {
                throw new OffsetTooDeepException();
            }
            found("walking");
            return walkThenFetch(plan, offset, pit);
        } finally {
            // Closed after the page is answered, not before: the client does not wait for a round trip it does
            // not need. A point in time not closed (the service stopped first) expires after its keep-alive.
            CLOSER.execute(() -> {
                try {
                    String pit = pitSoon.get();
                    calls.call(DeletePitRequest._ENDPOINT, DeletePitRequest.of(d -> d.pitId(pit)));
                } catch (IOException | RuntimeException | ExecutionException ignored) {
                    // never opened, or it expires by itself (also when the service stopped meanwhile)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /**
     * Counts a deep page by how it was found, at /observe/metrics: read between remembered marks, by counting, by
     * walking; and the pages the marks put out of reach (then counted).
     */
    private static void found(String how) {
        Meters.counter("deep.pages", "found", how).increment();
    }

    /** Walks to the offset with search_after, 10,000 sort values a request, then fetches the page. */
    private ResultPage walkThenFetch(Plan plan, Page.Offset offset, String pit) throws IOException {
        List<FieldValue> after = List.of();
        long remaining = offset.offset();
        while (remaining > 0) {
            int chunk = (int) Math.min(remaining, RESULT_WINDOW);
            List<FieldValue> searchAfter = after;
            SearchResponse<Map<String, Object>> skipped = StoreReads.search(client, SearchRequest.of(s -> {
                s.pit(Pit.of(p -> p.id(pit).keepAlive(PIT_KEEP_ALIVE))).query(plan.query()).sort(plan.sort()).size(chunk)
                        .source(src -> src.fetch(false)).trackTotalHits(t -> t.enabled(false));
                if (!searchAfter.isEmpty()) {
                    s.searchAfter(searchAfter);
                }
                return s;
            }));
            List<Hit<Map<String, Object>>> hits = skipped.hits().hits();
            if (hits.size() < chunk) {
                // The offset lies past the last event: an empty page, with the true total.
                ResultPage last = fetch(plan, 1, 0, List.of(), pit);
                return new ResultPage(List.of(), last.total(), List.of());
            }
            after = hits.get(hits.size() - 1).sort();
            remaining -= chunk;
        }
        return fetch(plan, offset.size(), 0, after, pit);
    }

    /** One page: {@code size} events from {@code from} or after {@code after}, inside {@code pit} when not null. */
    private ResultPage fetch(Plan plan, int size, int from, List<FieldValue> after, String pit) throws IOException {
        SearchRequest request = SearchRequest.of(s -> {
            if (pit == null) {
                s.index(plan.stream().readAlias()).ignoreUnavailable(true).allowNoIndices(true);
            } else {
                s.pit(Pit.of(p -> p.id(pit).keepAlive(PIT_KEEP_ALIVE)));
            }
            s.query(plan.query()).sort(plan.sort()).size(size).from(from)
                    .trackTotalHits(t -> t.count(totalBound))
                    .source(src -> src.filter(f -> f.includes(plan.includes()).excludes(plan.excludes())));
            if (!after.isEmpty()) {
                s.searchAfter(after);
            }
            return s;
        });
        PageSearch.Hits hits = pages.search(request);
        return new ResultPage(hits.events(), hits.total(), hits.lastSort());
    }

    @Override
    public void close() {
        pageChannel.close();
    }
}
