package io.eventsearch.query;

import java.util.List;

/**
 * Where a walk through a search's results stands: the sort values of the last event returned and, when the walk
 * reads a point in time (a snapshot of the indices), its id. What the store needs to continue, and no more.
 *
 * @param pointInTime the snapshot's id; {@link #LIVE} when the walk reads the live indices for good; null when it
 *                    has none yet (a walk's first page opens none, the next page does)
 * @param after       the sort values of the last event returned
 */
public record SearchPosition(String pointInTime, List<Object> after) {

    /** The walk reads the live indices: OpenSearch opened no point in time, or its id is too long for a cursor. */
    public static final String LIVE = "";

    public SearchPosition {
        after = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(after)); // values may be null
    }

    /** Whether {@code pointInTime} names a snapshot to read (neither null nor {@link #LIVE}). */
    public static boolean isSnapshot(String pointInTime) {
        return pointInTime != null && !pointInTime.equals(LIVE);
    }
}
