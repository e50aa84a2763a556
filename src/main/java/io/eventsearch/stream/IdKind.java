package io.eventsearch.stream;

import java.util.regex.Pattern;

/** How a stream's event ids look. */
public enum IdKind {
    /** Opaque strings. */
    STRING,
    /**
     * Positive decimal integers written as JSON strings ({@code "42"}) and mapped as {@code long}, so they order and
     * compare as numbers (the Hub API pages with beforeId / afterId).
     */
    DECIMAL;

    /** At most 18 digits, no leading zero: every such number fits the {@code long} the id is mapped as. */
    private static final Pattern DECIMAL_ID = Pattern.compile("[1-9][0-9]{0,17}");

    /** True when {@code text} is a decimal id as ingest accepts it and queries compare it. */
    public static boolean isDecimalId(String text) {
        return DECIMAL_ID.matcher(text).matches();
    }
}
