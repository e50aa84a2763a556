package io.eventsearch.store;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;

/** Counters of the ingest path and the sizes of its batches, per stream, served at /observe/metrics. */
public final class WriteMetrics {

    private final MeterRegistry registry;

    public WriteMetrics() {
        this.registry = Metrics.globalRegistry();
    }

    public void ingested(String stream, long count) {
        counter("events.ingested", stream).increment(count);
    }

    public void rejected(String stream, long count) {
        counter("events.rejected", stream).increment(count);
    }

    /** The events of one ingest request, as it arrived: how producers batch. */
    public void batch(String stream, int events) {
        registry.getOrCreate(DistributionSummary.builder("ingest.batch.events")
                .tags(Metrics.tags("stream", stream))).record(events);
    }

    public void retried(String stream, long count) {
        counter("events.write.retried", stream).increment(count);
    }

    private Counter counter(String name, String stream) {
        return registry.getOrCreate(Counter.builder(name).tags(Metrics.tags("stream", stream)));
    }
}
