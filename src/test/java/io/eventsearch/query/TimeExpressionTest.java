package io.eventsearch.query;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeExpressionTest {

    private static final Instant NOW = Instant.parse("2024-05-15T13:45:30.250Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            now                       | 2024-05-15T13:45:30.250Z
            now-7d                    | 2024-05-08T13:45:30.250Z
            now-1h/h                  | 2024-05-15T12:00:00Z
            now/d                     | 2024-05-15T00:00:00Z
            now+1d-2h                 | 2024-05-16T11:45:30.250Z
            now/M                     | 2024-05-01T00:00:00Z
            now/w                     | 2024-05-13T00:00:00Z
            now-1y/y                  | 2023-01-01T00:00:00Z
            now-30m/m                 | 2024-05-15T13:15:00Z
            1717200000000             | 2024-06-01T00:00:00Z
            2024-06-01T02:00:00+02:00 | 2024-06-01T00:00:00Z
            2024-06-01T02:00:00 02:00 | 2024-06-01T00:00:00Z
            """)
    void readsAbsoluteEpochAndRelativeTimes(String text, String expected) {
        assertThat(TimeExpression.parse(text, NOW)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "now-", "now-7x", "now/", "now-1d/", "2024-06-01", "now-999999999y",
            "１７１７２００００００００", "NOW", "+292278994-08-17T07:12:55Z", "-1-01-01T00:00:00Z",
            "999999999999999"})
    void refusesAnythingElseSayingTheForms(String text) {
        assertThatThrownBy(() -> TimeExpression.parse(text, NOW)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("now-7d", "outside the calendar", "0001 to 9999"));
    }
}
