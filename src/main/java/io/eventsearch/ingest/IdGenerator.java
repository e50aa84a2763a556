package io.eventsearch.ingest;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered ids for events that arrive without one: UUIDv7 strings, and for numeric-id streams a number whose
 * high bits are the millisecond and whose low 11 bits come from a per-process random start and a counter. The number
 * stays below 2^53 (until the year 2109) so JavaScript clients read it exactly. Two instances can still draw the same
 * number in the same millisecond; the ingest pipeline detects that as a conflict on a service-assigned id and draws
 * again, so no event is lost to it.
 */
public final class IdGenerator {

    private static final int SEQUENCE_BITS = 11;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong sequence;

    public IdGenerator(Clock clock) {
        this.clock = clock;
        this.sequence = new AtomicLong(random.nextLong() & SEQUENCE_MASK);
    }

    public String nextString() {
        long millis = clock.millis();
        long randA = random.nextLong() & 0xFFFL;
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    public long nextNumber() {
        return (clock.millis() << SEQUENCE_BITS) | (sequence.incrementAndGet() & SEQUENCE_MASK);
    }
}
