package io.eventsearch.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * The event times ingest accepts: from {@code earliest} to {@code ahead} past the arrival time. Each month an event
 * names creates an index, so without a bound a producer could create indices without end (one event dated in the
 * year 292278994 did).
 *
 * @param earliest the oldest time accepted
 * @param ahead    how far past now a time may lie (clock skew, time zones got wrong by a producer)
 */
public record EventTimeWindow(Instant earliest, Duration ahead) {

    public EventTimeWindow {
        if (ahead.isNegative()) {
            throw new IllegalArgumentException("ingest.time.ahead must not be negative");
        }
    }

    boolean admits(Instant time, Instant now) {
        return !time.isBefore(earliest) && !time.isAfter(now.plus(ahead));
    }

    String describe() {
        return "from " + earliest + " to " + ahead.toString().substring(2).toLowerCase() + " past the arrival time";
    }
}
