package io.eventsearch.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most so many requests of one kind at once per tenant on this instance (long ones: exports), so that one tenant
 * cannot hold every connection to OpenSearch and every point in time; beyond, a 429 with {@code Retry-After}.
 */
public final class TenantSlots {

    private static final int RETRY_AFTER_SECONDS = 5;

    private final int perTenant;
    private final String what;
    /** Slots held per tenant; a tenant with none is not in the map. Changed per key atomically. */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    /** @param what the requests counted, in the plural, for the refusal ("exports") */
    public TenantSlots(int perTenant, String what) {
        if (perTenant < 1) {
            throw new IllegalArgumentException(what + " per tenant must be at least 1, not " + perTenant);
        }
        this.perTenant = perTenant;
        this.what = what;
    }

    /** One of the tenant's slots, to close when the request ends; a 429 when the tenant holds them all. */
    public Slot take(String tenant) {
        boolean[] taken = {false};
        held.compute(tenant, (t, count) -> {
            int running = count == null ? 0 : count;
            taken[0] = running < perTenant;
            return taken[0] ? running + 1 : count;
        });
        if (!taken[0]) {
            throw new ApiException(429, "this tenant already runs " + perTenant + " " + what + " on this instance; "
                    + "try again when one has ended", null, Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
        }
        boolean[] released = {false};
        return () -> {
            if (!released[0]) {
                released[0] = true;
                held.computeIfPresent(tenant, (t, count) -> count <= 1 ? null : count - 1);
            }
        };
    }

    /** A slot held by a running request. */
    @FunctionalInterface
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
