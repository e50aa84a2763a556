package io.eventsearch.query;

import java.util.List;

/**
 * Where a walk through a search's results stands: the sort values of the last event returned and, when the walk
 * reads a point in time (a snapshot of the indices), its id. What the store needs to continue, and no more.
 *
 * @param pointInTime the snapshot's id, or null when the walk reads the live indices
 * @param after       the sort values of the last event returned
 */
public record SearchPosition(String pointInTime, List<Object> after) {

    public SearchPosition {
        after = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(after)); // values may be null
    }
}
