package io.eventsearch.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.eventsearch.stream.FieldType;

/**
 * Reads a value that arrived as text (a query parameter) as the type of the field it is compared with, so every API
 * dialect accepts and refuses the same things with the same words.
 */
public final class ValueParser {

    private ValueParser() {
    }

    /** The typed value, or an {@link IllegalArgumentException} whose message says what was expected. */
    public static Object parse(FieldType type, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return switch (type) {
            case KEYWORD, TEXT -> text;
            case INTEGER, LONG -> {
                try {
                    yield Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be an integer, not '" + text + "'");
                }
            }
            case DOUBLE -> {
                try {
                    double value = Double.parseDouble(text);
                    if (Double.isNaN(value) || Double.isInfinite(value)) {
                        throw new NumberFormatException();
                    }
                    yield value;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number, not '" + text + "'");
                }
            }
            // An unencoded '+' in a query string arrives as a space: "12:15:30 02:00" meant "12:15:30+02:00".
            case DATE -> instant(text.replace(' ', '+'));
            case GEO_POINT -> throw new IllegalArgumentException("cannot be compared");
        };
    }

    /** An ISO-8601 date-time with a zone ({@code 2024-05-01T10:15:30Z}, {@code 2024-05-01T12:15:30+02:00}). */
    public static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 date-time with a zone, e.g. 2024-05-01T10:15:30Z,"
                    + " not '" + text + "'");
        }
    }
}
