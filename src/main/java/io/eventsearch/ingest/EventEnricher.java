package io.eventsearch.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Adds derived fields to a validated event before it is stored (GeoIP location for release downloads). */
@FunctionalInterface
public interface EventEnricher {

    EventEnricher NONE = event -> { };

    void enrich(ObjectNode event) throws RejectedEvent;
}
