package io.eventsearch.stream;

/** How a stream's event ids look. */
public enum IdKind {
    /** Opaque strings. */
    STRING,
    /**
     * Positive decimal integers written as JSON strings ({@code "42"}) and mapped as {@code long}, so they order and
     * compare as numbers (the Hub API pages with beforeId / afterId).
     */
    DECIMAL
}
