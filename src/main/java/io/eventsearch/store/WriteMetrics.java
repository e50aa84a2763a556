package io.eventsearch.store;

import io.eventsearch.Meters;

/** Counters of the ingest path and the sizes of its batches, per stream, served at /observe/metrics. */
public final class WriteMetrics {

    public void ingested(String stream, long count) {
        count("events.ingested", stream, count);
    }

    public void rejected(String stream, long count) {
        count("events.rejected", stream, count);
    }

    /** The events of one ingest request, as it arrived: how producers batch. */
    public void batch(String stream, int events) {
        Meters.summary("ingest.batch.events", "stream", stream).record(events);
    }

    public void retried(String stream, long count) {
        count("events.write.retried", stream, count);
    }

    private static void count(String name, String stream, long count) {
        Meters.counter(name, "stream", stream).increment(count);
    }
}
