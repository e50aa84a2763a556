package io.eventsearch.api.ingest;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * How many request bytes the ingest API holds at once, from reading a body until its events are stored. A request
 * that would pass the bound is refused at once (503 with Retry-After) rather than queued, so a burst of producers
 * meets pushback instead of the heap's end. Counted in KiB, so the bound may exceed 2 GiB.
 */
final class InFlightBytes {

    private final Semaphore kib;
    private final int capacityKib;

    InFlightBytes(long maxBytes) {
        this.capacityKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (maxBytes + 1023) / 1024));
        this.kib = new Semaphore(capacityKib);
    }

    /** Held bytes, given back on close. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    /** A reservation of {@code bytes}, or empty when the service holds too much already. */
    Optional<Reservation> reserve(long bytes) {
        int needed = (int) Math.min(capacityKib, Math.max(1, (bytes + 1023) / 1024));
        return kib.tryAcquire(needed) ? Optional.of(() -> kib.release(needed)) : Optional.empty();
    }
}
