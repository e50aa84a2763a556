package io.eventsearch.store;

import io.eventsearch.Meters;
import io.helidon.metrics.api.Counter;

/** Counters of the ingest path and the sizes of its batches, per stream, served at /observe/metrics. */
public final class WriteMetrics {

    public void ingested(String stream, long count) {
        counter("events.ingested", stream).increment(count);
    }

    public void rejected(String stream, long count) {
        counter("events.rejected", stream).increment(count);
    }

    /** The events of one ingest request, as it arrived: how producers batch. */
    public void batch(String stream, int events) {
        Meters.summary("ingest.batch.events", "stream", stream).record(events);
    }

    public void retried(String stream, long count) {
        counter("events.write.retried", stream).increment(count);
    }

    private static Counter counter(String name, String stream) {
        return Meters.counter(name, "stream", stream);
    }
}
