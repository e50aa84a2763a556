package io.eventsearch.ingest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantTest {

    @Test
    void writesWhatTheFormatterWritesForEveryMillisecondInstant() {
        long min = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long millis = i % 4 == 0 ? random.nextLong(min, max + 1) / 1000 * 1000 : random.nextLong(min, max + 1);
            assertFormattedAlike(Instant.ofEpochMilli(millis));
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00.001Z",
                "2100-03-01T00:00:00.010Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "-0001-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "2024-05-01T10:15:30.120Z"}) {
            assertFormattedAlike(Instant.parse(edge));
        }
    }

    private static void assertFormattedAlike(Instant instant) {
        assertThat(IsoInstant.format(instant)).as(instant.toString()).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
}
