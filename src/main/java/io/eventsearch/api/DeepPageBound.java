package io.eventsearch.api;

import java.util.List;

import io.eventsearch.Meters;
import io.eventsearch.query.Aggregated;
import io.eventsearch.query.Aggregation;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.Page;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.SearchPage;
import io.eventsearch.query.StreamsQuery;
import io.eventsearch.query.ValueCount;
import io.eventsearch.store.EventScan;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;

/**
 * The listing APIs' store, with at most so many pages past OpenSearch's result window per tenant at once on this
 * instance ({@code query.deep.pages.per.tenant}): each opens a point in time (OpenSearch keeps 300 for the whole
 * cluster) and sends five or six requests, so one tenant paging deep in a loop must not take them from everyone.
 * Beyond, a 429 with {@code Retry-After}. Pages within the window and everything else pass straight through.
 * Every offset page's depth is recorded ({@code listing_page_offset}, per stream).
 */
public final class DeepPageBound implements EventStore {

    private final EventStore store;
    private final TenantSlots slots;

    public DeepPageBound(EventStore store, int perTenant) {
        this.store = store;
        this.slots = new TenantSlots(perTenant, "pages past the 10,000th event");
    }

    @Override
    public ResultPage page(StreamDefinition stream, String tenant, EventQuery query) {
        if (!(query.page() instanceof Page.Offset offset)) {
            return store.page(stream, tenant, query);
        }
        // How deep clients page, per stream: what tells an operator whether deep pages are worth their cost.
        Meters.summary("listing.page.offset", "stream", stream.name()).record(offset.offset());
        if (offset.offset() + offset.size() <= Page.RESULT_WINDOW) {
            return store.page(stream, tenant, query);
        }
        try (TenantSlots.Slot slot = slots.take(tenant)) {
            return store.page(stream, tenant, query);
        }
    }

    @Override
    public SearchPage search(String tenant, StreamsQuery query) {
        return store.search(tenant, query);
    }

    @Override
    public EventScan scan(String tenant, StreamsQuery query) {
        return store.scan(tenant, query);
    }

    @Override
    public Aggregated aggregate(String tenant, List<StreamDefinition> streams, Filter filter,
                                List<Aggregation> aggregations) {
        return store.aggregate(tenant, streams, filter, aggregations);
    }

    @Override
    public List<ValueCount> topValues(StreamDefinition stream, String tenant, Filter filter, String field, int size) {
        return store.topValues(stream, tenant, filter, field, size);
    }
}
