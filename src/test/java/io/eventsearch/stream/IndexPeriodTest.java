package io.eventsearch.stream;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndexPeriodTest {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    @Test
    void suffixesAreWhatTheDatePatternWritesForAnyInstant() {
        SplittableRandom random = new SplittableRandom(7);
        long from = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant time = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            assertThat(IndexPeriod.MONTH.suffix(time)).as("%s", time).isEqualTo(MONTH.format(time));
            assertThat(IndexPeriod.DAY.suffix(time)).as("%s", time).isEqualTo(DAY.format(time));
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T23:59:59.999Z",
                "2024-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
            Instant time = Instant.parse(edge);
            assertThat(IndexPeriod.MONTH.suffix(time)).as(edge).isEqualTo(MONTH.format(time));
            assertThat(IndexPeriod.DAY.suffix(time)).as(edge).isEqualTo(DAY.format(time));
        }
    }
}
