package io.eventsearch.api.audit;

import io.eventsearch.api.Listing;
import io.eventsearch.query.EventQuery;

/** A parsed request of the audit data API: the query, and the offset and limit it echoes back. */
record AuditQuery(EventQuery query, int offset, int limit) implements Listing.Request {
}
