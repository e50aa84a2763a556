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
 * @param maxInFlightBytes request bytes held at once across all ingest requests; beyond, a 503
 * @param maxConcurrentBatches batches stored at once; beyond, a 503
 * @param bulkEvents  events per bulk request: a larger batch is sent as several requests at once
 */
public record IngestSettings(int maxEvents, long maxBytes, EventTimeWindow timeWindow, long maxInFlightBytes,
                             int maxConcurrentBatches, int bulkEvents) {

    public IngestSettings {
        if (maxEvents < 1 || maxBytes < 1 || maxInFlightBytes < maxBytes || maxConcurrentBatches < 1 || bulkEvents < 1) {
            throw new IllegalArgumentException("ingest.limit.events, ingest.limit.bytes, ingest.limit.concurrent and "
                    + "ingest.bulk.events must be positive, and ingest.limit.inflight at least ingest.limit.bytes");
        }
    }

    public static IngestSettings from(Config ingest) {
        return new IngestSettings(ingest.get("limit.events").asInt().get(), ingest.get("limit.bytes").asLong().get(),
                new EventTimeWindow(Instant.parse(ingest.get("time.earliest").asString().get()),
                        Duration.parse(ingest.get("time.ahead").asString().get())),
                ingest.get("limit.inflight").asLong().get(),
                ingest.get("limit.concurrent").asInt().get(),
                ingest.get("bulk.events").asInt().get());
    }
}
