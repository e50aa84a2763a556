package io.eventsearch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;

/**
 * The service's meters at /observe/metrics, each looked up in Helidon's registry once per name and tags. The
 * registry's {@code getOrCreate} takes a builder, copies its tags and resolves them on every call: a few percent of
 * a listing's CPU when every request and every exchange with OpenSearch looked its meters up that way.
 */
public final class Meters {

    private static final Map<List<String>, Counter> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<List<String>, Timer> TIMERS = new ConcurrentHashMap<>();
    private static final Map<List<String>, DistributionSummary> SUMMARIES = new ConcurrentHashMap<>();

    private Meters() {
    }

    /** The counter {@code name} with {@code tags} (names and values in turn). */
    public static Counter counter(String name, String... tags) {
        return COUNTERS.computeIfAbsent(key(name, tags), key -> Metrics.globalRegistry()
                .getOrCreate(Counter.builder(name).tags(Metrics.tags(tags))));
    }

    /** The latency histogram {@code name} with {@code tags}, in the {@link LatencyBuckets} every latency shares. */
    public static Timer timer(String name, String... tags) {
        return TIMERS.computeIfAbsent(key(name, tags), key -> Metrics.globalRegistry()
                .getOrCreate(Timer.builder(name).tags(Metrics.tags(tags)).buckets(LatencyBuckets.bounds())));
    }

    /** The distribution {@code name} with {@code tags}. */
    public static DistributionSummary summary(String name, String... tags) {
        return SUMMARIES.computeIfAbsent(key(name, tags), key -> Metrics.globalRegistry()
                .getOrCreate(DistributionSummary.builder(name).tags(Metrics.tags(tags))));
    }

    private static List<String> key(String name, String... tags) {
        String[] key = new String[tags.length + 1];
        key[0] = name;
        System.arraycopy(tags, 0, key, 1, tags.length);
        return List.of(key);
    }
}
