package io.eventsearch.query;

/** One sort criterion on a stream field. */
public record SortKey(String field, boolean descending) {

    public static SortKey ascending(String field) {
        return new SortKey(field, false);
    }

    public static SortKey descending(String field) {
        return new SortKey(field, true);
    }
}
