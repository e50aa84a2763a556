package io.eventsearch.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.config.Config;

/**
 * How long each stream keeps its events, and how often to sweep (config section {@code retention}; defaults in
 * application.yaml). A stream's key is its name with '.' for '-' ({@code retention.api.usage}), so that
 * environment variables ({@code RETENTION_API_USAGE}) reach it.
 *
 * @param byStream the streams with a retention; the others keep their events forever
 * @param sweep    the pause between two sweeps
 */
public record RetentionSettings(Map<StreamDefinition, Duration> byStream, Duration sweep) {

    public static RetentionSettings from(Config retention, StreamCatalog streams) {
        Map<StreamDefinition, Duration> byStream = new LinkedHashMap<>();
        for (StreamDefinition stream : streams.all()) {
            String keep = retention.get(stream.name().replace('-', '.')).asString().orElse("").trim();
            if (!keep.isEmpty()) {
                Duration duration = Duration.parse(keep);
                if (duration.isNegative() || duration.isZero()) {
                    throw new IllegalArgumentException("retention of " + stream.name() + " must be positive: " + keep);
                }
                byStream.put(stream, duration);
            }
        }
        return new RetentionSettings(byStream, Duration.parse(retention.get("sweep").asString().get()));
    }
}
