package io.eventsearch.store;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * How the store answers queries (config section {@code query}; defaults in application.yaml).
 *
 * @param totalBound      totals are exact up to this count and a lower bound beyond it
 * @param cursorKeepAlive how long a search cursor stays valid after its last page (the point in time it reads)
 */
public record QuerySettings(int totalBound, Duration cursorKeepAlive) {

    public QuerySettings {
        if (totalBound < 1) {
            throw new IllegalArgumentException("query.total.bound must be positive");
        }
        if (cursorKeepAlive.toSeconds() < 1 || cursorKeepAlive.toHours() > 24) {
            throw new IllegalArgumentException("query.cursor.ttl must lie between 1 second and 24 hours");
        }
    }

    public static QuerySettings from(Config query) {
        return new QuerySettings(query.get("total.bound").asInt().get(),
                query.get("cursor.ttl").as(Duration.class).get());
    }

    /** The keep-alive as OpenSearch writes durations. */
    String cursorKeepAliveText() {
        return cursorKeepAlive.toSeconds() + "s";
    }
}
