package io.eventsearch.ingest;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Derives fields of one object of a stream's events (GeoIP location for release downloads), as the event is read
 * and written: it sees each value the producer sent in the object, and adds what it derives as the object closes.
 */
public interface EventEnricher {

    /** The dotted path of the objects this enricher completes ({@code location}). */
    String path();

    /** A fresh enrichment for one such object of one event. */
    ObjectEnrichment begin();

    /** The enrichment of one object: called with its values in the order sent, then once as it closes. */
    interface ObjectEnrichment {

        /**
         * What to store for a value the producer sent, already checked against its field's type: the value itself
         * or a rewritten one (the canonical form of an IP address).
         */
        JsonNode sent(String name, JsonNode value) throws RejectedEvent;

        /** Writes the derived fields into the object, which is still open. */
        void complete(DocumentWriter object) throws RejectedEvent, IOException;
    }
}
