package io.eventsearch.query;

import java.util.List;

/**
 * One page of events.
 *
 * @param events     the stored events, without the service's own fields
 * @param total      how many match
 * @param lastSort   the sort values of the last event, the cursor for the next page (empty when the page is empty)
 */
public record ResultPage(List<StoredEvent> events, Total total, List<Object> lastSort) {

    public ResultPage {
        events = List.copyOf(events);
        lastSort = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lastSort)); // missing values are null
    }
}
