package io.eventsearch.query;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.eventsearch.stream.StreamDefinition;

/**
 * A search over one or more streams at once (the service's own search API and its exports). The tenant is not part
 * of it: the store adds the caller's tenant to every request.
 *
 * @param streams   the streams searched
 * @param filter    the condition, written for all of them ({@link StreamRestriction} says what it means for each)
 * @param sort      sort keys; {@link StreamDefinition#TIME_ALIAS} is each stream's time; ties are always broken
 * @param size      how many events a page holds
 * @param fields    the fields to return (dotted paths); empty for all
 * @param highlight whether hits carry the ranges of the words that matched
 * @param after     where the previous page ended, or empty for the first page
 * @param snapshot  whether a walk reads a point in time (pages of one search) or the live indices (the tail, which
 *                  wants what arrives)
 */
public record StreamsQuery(List<StreamDefinition> streams, Filter filter, List<SortKey> sort, int size,
                           Set<String> fields, boolean highlight, Optional<SearchPosition> after, boolean snapshot) {

    public StreamsQuery {
        streams = List.copyOf(streams);
        sort = List.copyOf(sort);
        fields = Set.copyOf(fields);
    }
}
