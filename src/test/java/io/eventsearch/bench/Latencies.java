package io.eventsearch.bench;

import java.util.Arrays;

/** Request durations of one kind, for medians and tails. */
final class Latencies {

    private long[] nanos = new long[64];
    private int count;

    void add(long duration) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = duration;
    }

    /** The {@code p}-th percentile in milliseconds (nearest rank). */
    double percentileMs(double p) {
        if (count == 0) {
            throw new IllegalStateException("no requests measured");
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
    }

    int count() {
        return count;
    }
}
