package io.eventsearch.query;

/** How many events match: exact, or a lower bound when there are more than the service counts. */
public record Total(long value, boolean exact) {
}
