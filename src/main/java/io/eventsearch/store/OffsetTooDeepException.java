package io.eventsearch.store;

import io.eventsearch.query.Page;

/**
 * A page deeper than {@link Page#MAX_WALKED_OFFSET} of a sort that cannot be counted to (one that does not start
 * with a time or a number): reaching it would take a request per 10,000 events skipped.
 */
public final class OffsetTooDeepException extends RuntimeException {

    public OffsetTooDeepException() {
        super("reaches past the " + Page.MAX_WALKED_OFFSET + "th event of a sort that does not start with a time or a "
                + "number; sort by time, or narrow the query", null, false, false);
    }
}
