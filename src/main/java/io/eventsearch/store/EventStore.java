package io.eventsearch.store;

import java.util.List;

import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.ValueCount;
import io.eventsearch.stream.StreamDefinition;

/**
 * The reads the APIs make of stored events, always on behalf of one tenant: the store adds the tenant filter to
 * every request itself, so no API can forget it.
 * <p>
 * Three reads are planned, one per kind of answer; each gets its own method beside {@link #page}, with the same
 * (streams, tenant, query) arguments and the same failures:
 * <ul>
 *   <li>a page of events, by offset or after a cursor ({@link #page}, served now);</li>
 *   <li>aggregations over the events a query matches: the most frequent values of a field ({@link #topValues},
 *       served now), counts over time and statistics to come;</li>
 *   <li>every matching event, one after another in constant memory, for exports: the point-in-time walk that deep
 *       pages already use, handed out as a closeable iterator.</li>
 * </ul>
 * Failures: {@link io.eventsearch.query.InvalidQueryException} for a query the stream cannot answer,
 * {@link StoreUnavailableException} when OpenSearch cannot answer now.
 */
public interface EventStore {

    /** The page of {@code tenant}'s events of {@code stream} that {@code query} asks for, with the total count. */
    ResultPage page(StreamDefinition stream, String tenant, EventQuery query);

    /**
     * The {@code size} most frequent values of the keyword field {@code field} among {@code tenant}'s events of
     * {@code stream} that {@code filter} matches, most frequent first.
     */
    List<ValueCount> topValues(StreamDefinition stream, String tenant, Filter filter, String field, int size);
}
