package io.eventsearch.query;

import java.util.List;
import java.util.Set;

/**
 * What a caller asks of one stream, whichever API dialect they spoke. The tenant is not part of it: the search
 * service adds the caller's tenant to every query, so no adapter can forget it.
 *
 * @param filter   the condition events must meet, free text included ({@link Filter.Text})
 * @param sort     sort keys; the event id is always appended as the tiebreaker
 * @param page     which slice
 * @param fields   the fields to return (dotted paths); empty for all
 */
public record EventQuery(Filter filter, List<SortKey> sort, Page page, Set<String> fields) {

    public EventQuery {
        sort = List.copyOf(sort);
        fields = Set.copyOf(fields);
    }
}
