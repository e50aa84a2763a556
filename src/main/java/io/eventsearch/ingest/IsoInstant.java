package io.eventsearch.ingest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * {@link DateTimeFormatter#ISO_INSTANT} for instants of whole milliseconds, written without the formatter (which
 * resolves every field through a temporal query) for the years 0 to 9999: {@code 2024-05-01T10:15:30Z} and
 * {@code 2024-05-01T10:15:30.120Z}, the fraction only when there is one, in three digits.
 */
final class IsoInstant {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private IsoInstant() {
    }

    static String format(Instant instant) {
        long millis = instant.toEpochMilli();
        long day = Math.floorDiv(millis, MILLIS_PER_DAY);
        int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
        // Days since 1970-01-01 to the civil date (H. Hinnant's days_from_civil, inverted), in 400-year eras.
        long shifted = day + 719_468;
        long era = Math.floorDiv(shifted, 146_097);
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int dayOfMonth = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        int fraction = ofDay % 1000;
        int seconds = ofDay / 1000;
        char[] text = new char[fraction == 0 ? 20 : 24];
        digits(text, 0, (int) year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, dayOfMonth, 2);
        text[10] = 'T';
        digits(text, 11, seconds / 3600, 2);
        text[13] = ':';
        digits(text, 14, seconds / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, seconds % 60, 2);
        if (fraction != 0) {
            text[19] = '.';
            digits(text, 20, fraction, 3);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
