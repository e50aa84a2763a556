package io.eventsearch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantSlotsTest {

    private final TenantSlots slots = new TenantSlots(2, "exports");

    @Test
    void aTenantHoldsAtMostItsSlotsAndOthersAreNotCountedAgainstIt() {
        TenantSlots.Slot first = slots.take("acme");
        slots.take("acme");
        assertThatThrownBy(() -> slots.take("acme")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.getMessage()).contains("already runs 2 exports");
            assertThat(e.headers()).containsKey("Retry-After");
        });
        slots.take("globex").close();
        first.close();
        slots.take("acme");
        assertThatThrownBy(() -> slots.take("acme")).isInstanceOf(ApiException.class);
    }

    @Test
    void closingASlotTwiceFreesItOnce() {
        TenantSlots.Slot slot = slots.take("acme");
        slots.take("acme");
        slot.close();
        slot.close();
        slots.take("acme");
        assertThatThrownBy(() -> slots.take("acme")).isInstanceOf(ApiException.class);
    }
}
