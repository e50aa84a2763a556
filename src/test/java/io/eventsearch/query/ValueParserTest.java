package io.eventsearch.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ValueParser#anyInstant} reads the plain UTC form without Java's formatter: it must accept and refuse
 * exactly what the formatter does, with the same instant, whatever the text.
 */
class ValueParserTest {

    @Test
    void readsEveryTextAsTheFormatterReadsIt() {
        SplittableRandom random = new SplittableRandom(5);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = mutate(random, plainText(random), i % 4 == 0);
            Optional<Instant> expected = formatter(text);
            Optional<Instant> actual = parser(text);
            assertThat(actual).as(text).isEqualTo(expected);
            accepted += expected.isPresent() ? 1 : 0;
        }
        assertThat(accepted).as("texts both accepted").isGreaterThan(100_000);
    }

    @Test
    void edgesOfTheCalendar() {
        for (String text : new String[] {"2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T10:00:00Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-12-31T23:59:60Z",
                "2024-01-01T24:00:00Z", "2024-01-01T10:00:00.Z", "2024-01-01T10:00:00.1234567890Z",
                "2024-01-01t10:00:00z", "2024-01-01T10:00Z", "2024-01-01T10:00:00+02:00", "+2024-01-01T10:00:00Z",
                "2024-1-01T10:00:00Z", "２０２４-01-01T10:00:00Z", "2024-01-01T10:00:00.5Z"}) {
            assertThat(parser(text)).as(text).isEqualTo(formatter(text));
        }
        assertThat(parser("2024-05-01T10:15:30.25Z")).contains(Instant.parse("2024-05-01T10:15:30.250Z"));
    }

    /** A plain UTC text in any year, with 0 to 9 fraction digits. */
    private static String plainText(SplittableRandom random) {
        int fraction = random.nextInt(10);
        StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                1 + random.nextInt(12), 1 + random.nextInt(31), random.nextInt(24), random.nextInt(60),
                random.nextInt(60)));
        if (fraction > 0) {
            text.append('.');
            for (int d = 0; d < fraction; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        return text.append('Z').toString();
    }

    /** Sometimes one character replaced, inserted or removed, to reach the texts near the plain form. */
    private static String mutate(SplittableRandom random, String text, boolean mutate) {
        if (!mutate) {
            return text;
        }
        String alphabet = "0123456789-:T.Zz+ t٣";
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + c + text.substring(at + 1);
            case 1 -> text.substring(0, at) + c + text.substring(at);
            default -> text.substring(0, at) + text.substring(at + 1);
        };
    }

    private static Optional<Instant> formatter(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parser(String text) {
        try {
            return Optional.of(ValueParser.anyInstant(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
