package io.eventsearch.api.usage;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per API key, as a token bucket that refills evenly (a burst of a minute's worth, then the
 * steady rate). Counted in each service instance's memory: behind a load balancer that spreads a key's requests over
 * N instances, the key gets up to N times the rate. What is held per key is one small bucket; the map is cleared when
 * it holds more keys than any tenant set has, which only resets budgets early.
 */
final class RateLimiter {

    private static final int MAX_KEYS = 100_000;

    private final double perMillisecond;
    private final double burst;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    RateLimiter(int perMinute, Clock clock) {
        this.perMillisecond = perMinute / 60_000.0;
        this.burst = perMinute;
        this.clock = clock;
    }

    /** Takes one request from {@code key}'s budget; when there is none, the seconds until there is. */
    OptionalLong acquire(String key) {
        long now = clock.millis();
        if (buckets.size() > MAX_KEYS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * perMillisecond);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) Math.ceil((1 - bucket.tokens) / perMillisecond / 1000.0));
        }
    }
}
