package io.eventsearch.stream;

/** How a stream renders its time field in documents and responses. */
public enum TimeFormat {
    /** ISO-8601 instant in UTC, e.g. {@code 2024-05-01T10:15:30.123Z}. */
    ISO,
    /** Milliseconds since the epoch, as a JSON number. */
    EPOCH_MILLIS
}
