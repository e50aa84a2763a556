package io.eventsearch.api.search;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * The live tail's pace and bounds (config section {@code tail}; defaults and their reasons in application.yaml).
 *
 * @param poll      how often an open tail asks for new events
 * @param settle    how long after ingest an event is sent (the order of ingest across instances settles)
 * @param heartbeat the longest silence before a comment line keeps the connection (and its proxies) awake
 * @param perTenant open tails per tenant on one instance
 * @param lifetime  how long one connection lasts; the client then reconnects with Last-Event-ID
 */
record TailSettings(Duration poll, Duration settle, Duration heartbeat, int perTenant, Duration lifetime) {

    TailSettings {
        if (poll.isNegative() || poll.isZero() || heartbeat.isNegative() || heartbeat.isZero()
                || settle.isNegative() || perTenant < 1 || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("tail.poll, tail.heartbeat and tail.lifetime must be positive, "
                    + "tail.settle not negative, tail.per.tenant at least 1");
        }
    }

    static TailSettings from(Config tail) {
        return new TailSettings(tail.get("poll").as(Duration.class).get(), tail.get("settle").as(Duration.class).get(),
                tail.get("heartbeat").as(Duration.class).get(), tail.get("per.tenant").asInt().get(),
                tail.get("lifetime").as(Duration.class).get());
    }
}
