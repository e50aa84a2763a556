package io.eventsearch.api.hub;

/**
 * A stretch of a Hub query and what it is, for highlighting and completion.
 *
 * @param start first character, 0-based
 * @param end   one past the last character
 */
record QuerySpan(int start, int end, Kind kind) {

    enum Kind {
        FIELD_NAME, FIELD_VALUE, KEYWORD, TEXT, PHRASE, PARENTHESIS
    }
}
