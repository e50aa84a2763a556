package io.eventsearch.query;

/** A value of a field and how many events carry it. */
public record ValueCount(String value, long count) {
}
