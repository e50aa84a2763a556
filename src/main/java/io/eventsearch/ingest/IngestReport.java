package io.eventsearch.ingest;

import java.util.List;

/** The outcome of one ingest batch, one result per event in the order they were sent. */
public record IngestReport(String stream, List<ItemResult> items) {

    public IngestReport {
        items = List.copyOf(items);
    }

    public long count(ItemStatus status) {
        return items.stream().filter(i -> i.status() == status).count();
    }

    /** True when some events could not be stored for lack of OpenSearch: the batch must be sent again. */
    public boolean incomplete() {
        return count(ItemStatus.NOT_STORED) > 0;
    }
}
