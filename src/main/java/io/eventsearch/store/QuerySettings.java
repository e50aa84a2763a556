package io.eventsearch.store;

import io.helidon.config.Config;

/**
 * How the store answers queries (config section {@code query}; defaults in application.yaml).
 *
 * @param totalBound totals are exact up to this count and a lower bound beyond it
 */
public record QuerySettings(int totalBound) {

    public QuerySettings {
        if (totalBound < 1) {
            throw new IllegalArgumentException("query.total.bound must be positive");
        }
    }

    public static QuerySettings from(Config query) {
        return new QuerySettings(query.get("total.bound").asInt().get());
    }
}
