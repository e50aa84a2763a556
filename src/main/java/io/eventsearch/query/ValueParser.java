package io.eventsearch.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import io.eventsearch.stream.FieldType;

/**
 * Reads a value that arrived as text (a query parameter) as the type of the field it is compared with, so every API
 * dialect accepts and refuses the same things with the same words.
 */
public final class ValueParser {

    private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?");

    private ValueParser() {
    }

    /** The typed value, or an {@link IllegalArgumentException} whose message says what was expected. */
    public static Object parse(FieldType type, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return switch (type) {
            case KEYWORD, TEXT -> text;
            case INTEGER -> integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG -> integer(text, Long.MIN_VALUE, Long.MAX_VALUE);
            case DOUBLE -> {
                // Java's own parser also takes "1.5d", hex floats and "Infinity": only plain decimal notation is a number.
                double value = DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("must be a number, not '" + text + "'");
                }
                yield value;
            }
            // An unencoded '+' in a query string arrives as a space: "12:15:30 02:00" meant "12:15:30+02:00".
            case DATE -> instant(text.replace(' ', '+'));
            case GEO_POINT -> throw new IllegalArgumentException("cannot be compared");
        };
    }

    /**
     * An integer of ASCII digits within [min, max] (the mapped type's range: a larger value would make OpenSearch
     * fail the whole search). Java's own parser also takes other scripts' digits, such as fullwidth ones.
     */
    private static Long integer(String text, long min, long max) {
        if (ASCII_INTEGER.matcher(text).matches()) {
            try {
                long value = Long.parseLong(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException tooLong) {
                // reported below
            }
        }
        throw new IllegalArgumentException("must be an integer between " + min + " and " + max + ", not '" + text + "'");
    }

    /**
     * An ISO-8601 date-time with a zone ({@code 2024-05-01T10:15:30Z}, {@code 2024-05-01T12:15:30+02:00}) in the years
     * 0001 to 9999, to compare stored times with.
     */
    public static Instant instant(String text) {
        return withinCalendar(anyInstant(text), text);
    }

    /** An ISO-8601 date-time with a zone, in any year (ingest checks its own window). */
    public static Instant anyInstant(String text) {
        Instant plain = plainUtc(text);
        if (plain != null) {
            return plain;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 date-time with a zone, e.g. 2024-05-01T10:15:30Z,"
                    + " not '" + text + "'");
        }
    }

    private static final int[] NANOS_PER_DIGIT = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the form nearly every producer sends, read without the formatter
     * (which took a fifth of the ingest handler's CPU); null for any other form or an impossible date, which the
     * formatter then reads or refuses with its reason. Same answer as the formatter for every text it accepts.
     */
    private static Instant plainUtc(String t) {
        int length = t.length();
        if (length < 20 || length > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
        int hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (t.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(t, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * NANOS_PER_DIGIT[fractionDigits - 1];
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        try {
            long days = java.time.LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (java.time.DateTimeException impossible) {
            return null; // the 30th of February: the formatter says so
        }
    }

    /** The number written by {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The earliest and latest instants compared with stored times: OpenSearch reads four-digit years only. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** {@code instant}, if it lies in the years 1 to 9999; {@code text} names it in the refusal. */
    public static Instant withinCalendar(Instant instant, String text) {
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw new IllegalArgumentException("must lie in the years 0001 to 9999, not '" + text + "'");
        }
        return instant;
    }
}
