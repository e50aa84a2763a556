package io.eventsearch.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdGeneratorTest {

    @Test
    void stringIdsAreVersion7UuidsCarryingTheMillisecond() {
        Instant at = Instant.parse("2025-03-04T05:06:07.089Z");
        UUID id = UUID.fromString(new IdGenerator(Clock.fixed(at, ZoneOffset.UTC)).nextString());
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void numericIdsSortByTimeStayJavaScriptSafeAndDoNotRepeat() {
        IdGenerator early = new IdGenerator(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
        IdGenerator late = new IdGenerator(Clock.fixed(Instant.parse("2025-01-01T00:00:00.001Z"), ZoneOffset.UTC));
        assertThat(late.nextNumber()).isGreaterThan(early.nextNumber());
        IdGenerator farFuture = new IdGenerator(Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(farFuture.nextNumber()).isLessThan(1L << 53);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2048; i++) {
            assertThat(seen.add(early.nextNumber())).isTrue();
        }
    }
}
