package io.eventsearch.store;

import java.net.URI;
import java.time.Duration;

import io.helidon.config.Config;

/**
 * Where OpenSearch is and how to reach it (config section {@code opensearch}; defaults in application.yaml).
 *
 * @param url          base URL, http or https
 * @param username     basic-auth user, empty for none
 * @param password     basic-auth password (never logged)
 * @param writeAttempts how many times a bulk write is tried before the service answers 503
 * @param firstBackoff the pause before the second attempt; it doubles up to {@code maxBackoff}
 * @param maxBackoff   the longest pause between attempts
 */
public record OpenSearchSettings(URI url, String username, String password,
                                 int writeAttempts, Duration firstBackoff, Duration maxBackoff) {

    public static OpenSearchSettings from(Config config) {
        return new OpenSearchSettings(
                URI.create(config.get("url").asString().get()),
                config.get("username").asString().get(),
                config.get("password").asString().get(),
                config.get("retry.attempts").asInt().get(),
                Duration.ofMillis(config.get("retry.backoff.first").asLong().get()),
                Duration.ofMillis(config.get("retry.backoff.max").asLong().get()));
    }

    @Override
    public String toString() {
        return "OpenSearchSettings[url=" + url + ", username=" + username + ", password=***]";
    }
}
