package io.eventsearch.api.usage;

import java.util.Map;

import io.eventsearch.api.Listing;
import io.eventsearch.query.EventQuery;

/**
 * A parsed request of {@code GET /v1/events}: the query, whether to pretty-print, and the parameters a next link
 * keeps (events, limit, pretty).
 */
record UsageQuery(EventQuery query, boolean pretty, Map<String, String> kept) implements Listing.Request {
}
