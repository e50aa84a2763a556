package io.eventsearch.ingest;

import java.time.Duration;
import java.time.Instant;

import io.helidon.config.Config;

/**
 * Per-request caps of the ingest API and the event times it accepts (config section {@code ingest}; defaults in
 * application.yaml).
 *
 * @param maxEvents  events one batch may hold; more is a 413
 * @param maxBytes   bytes one request body may hold; more is a 413
 * @param timeWindow the event times accepted; an event outside is rejected
 */
public record IngestSettings(int maxEvents, long maxBytes, EventTimeWindow timeWindow) {

    public IngestSettings {
        if (maxEvents < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("ingest.limit.events and ingest.limit.bytes must be positive");
        }
    }

    public static IngestSettings from(Config ingest) {
        return new IngestSettings(ingest.get("limit.events").asInt().get(), ingest.get("limit.bytes").asLong().get(),
                new EventTimeWindow(Instant.parse(ingest.get("time.earliest").asString().get()),
                        Duration.parse(ingest.get("time.ahead").asString().get())));
    }
}
