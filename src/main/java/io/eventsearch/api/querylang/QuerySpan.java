package io.eventsearch.api.querylang;

/**
 * A stretch of a query and what it is, for highlighting and completion.
 *
 * @param start first character, 0-based
 * @param end   one past the last character
 */
public record QuerySpan(int start, int end, Kind kind) {

    public enum Kind {
        FIELD_NAME, OPERATOR, FIELD_VALUE, KEYWORD, TEXT, PHRASE, PARENTHESIS
    }
}
