package io.eventsearch.api.hub;

import io.eventsearch.api.querylang.FieldSelection;
import io.eventsearch.api.Listing;
import io.eventsearch.query.EventQuery;

/** A parsed request of Hub's Get All Events: the query, the page asked for, and the fields to return. */
record HubQuery(EventQuery query, int skip, int top, FieldSelection fields) implements Listing.Request {

    @Override
    public String offsetParameter() {
        return "$skip";
    }
}
