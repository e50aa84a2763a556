package io.eventsearch.api.usage;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * The API-usage API's window and rate limit (config section {@code usage}; defaults in application.yaml).
 *
 * @param window             how far back events are returned
 * @param requestsPerMinute  per API key, per instance
 */
public record UsageSettings(Duration window, int requestsPerMinute) {

    public UsageSettings {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("usage.rate.limit must be positive");
        }
    }

    public static UsageSettings from(Config usage) {
        return new UsageSettings(Duration.parse(usage.get("window").asString().get()),
                usage.get("rate.limit").asInt().get());
    }
}
