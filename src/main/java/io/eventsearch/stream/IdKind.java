package io.eventsearch.stream;

/** How a stream's event ids look: opaque strings, or numbers (the Hub API pages by numeric id). */
public enum IdKind {
    STRING,
    NUMBER
}
