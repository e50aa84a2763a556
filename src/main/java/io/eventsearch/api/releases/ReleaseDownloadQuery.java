package io.eventsearch.api.releases;

import io.eventsearch.api.Listing;
import io.eventsearch.query.EventQuery;

/** A parsed request of the release download events API: the query, and the page the caller asked for. */
record ReleaseDownloadQuery(EventQuery query, int page, int limit) implements Listing.Request {

    @Override
    public String offsetParameter() {
        return "page";
    }
}
