package io.eventsearch.store;

import java.net.URI;
import java.time.Duration;

import io.helidon.config.Config;

/**
 * Where OpenSearch is and how to reach it (config section {@code opensearch}).
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
                URI.create(config.get("url").asString().orElse("http://127.0.0.1:9200")),
                config.get("username").asString().orElse(""),
                config.get("password").asString().orElse(""),
                config.get("retry.attempts").asInt().orElse(5),
                Duration.ofMillis(config.get("retry.backoff.first").asLong().orElse(200L)),
                Duration.ofMillis(config.get("retry.backoff.max").asLong().orElse(2000L)));
    }

    @Override
    public String toString() {
        return "OpenSearchSettings[url=" + url + ", username=" + username + ", password=***]";
    }
}
