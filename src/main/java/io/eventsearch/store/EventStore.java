package io.eventsearch.store;

import java.util.List;

import io.eventsearch.query.Aggregated;
import io.eventsearch.query.Aggregation;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.SearchPage;
import io.eventsearch.query.StreamsQuery;
import io.eventsearch.query.ValueCount;
import io.eventsearch.stream.StreamDefinition;

/**
 * The reads the APIs make of stored events, always on behalf of one tenant: the store adds the tenant filter to
 * every request itself, so no API can forget it.
 * <p>
 * The reads, one per kind of answer:
 * <ul>
 *   <li>a page of one stream's events, by offset or after a cursor ({@link #page});</li>
 *   <li>a page of a search over several streams, after a position ({@link #search});</li>
 *   <li>every event a search matches, one after another in constant memory, for exports ({@link #scan});</li>
 *   <li>aggregations over the events a query matches: counts over time, top values, statistics and map tiles
 *       over several streams ({@link #aggregate}); the most frequent values of one stream's field
 *       ({@link #topValues}, for query assist).</li>
 * </ul>
 * Failures: {@link io.eventsearch.query.InvalidQueryException} for a query the stream cannot answer,
 * {@link StoreUnavailableException} when OpenSearch cannot answer now.
 */
public interface EventStore {

    /** The page of {@code tenant}'s events of {@code stream} that {@code query} asks for, with the total count. */
    ResultPage page(StreamDefinition stream, String tenant, EventQuery query);

    /**
     * A page of {@code tenant}'s events of the query's streams, with the total count and, unless it is the last,
     * the position the next page starts from. A position whose point in time expired is a
     * {@link PositionExpiredException}; one this store did not hand out, an
     * {@link io.eventsearch.query.InvalidQueryException} naming the cursor.
     */
    SearchPage search(String tenant, StreamsQuery query);

    /** Every event of {@code tenant} that the query matches, in its order; close the scan when done. */
    EventScan scan(String tenant, StreamsQuery query);

    /**
     * Counts and measures over {@code tenant}'s events of the streams that {@code filter} matches, one result per
     * aggregation asked, in one request.
     */
    Aggregated aggregate(String tenant, List<StreamDefinition> streams, Filter filter, List<Aggregation> aggregations);

    /**
     * The {@code size} most frequent values of the keyword field {@code field} among {@code tenant}'s events of
     * {@code stream} that {@code filter} matches, most frequent first.
     */
    List<ValueCount> topValues(StreamDefinition stream, String tenant, Filter filter, String field, int size);
}
