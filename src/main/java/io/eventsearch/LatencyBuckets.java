package io.eventsearch;

import java.time.Duration;

/**
 * The bounds of every latency histogram at /observe/metrics (requests to the service, exchanges with OpenSearch), the
 * same everywhere so that one dashboard query compares them: from 5 ms, where a first page is, to 10 s, past any
 * answer a client still waits for.
 */
public final class LatencyBuckets {

    private LatencyBuckets() {
    }

    public static Duration[] bounds() {
        return new Duration[] {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    }
}
