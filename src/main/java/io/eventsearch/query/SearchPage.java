package io.eventsearch.query;

import java.util.List;
import java.util.Optional;

/**
 * One page of a search over several streams.
 *
 * @param hits  the events, in order
 * @param total how many match
 * @param next  where the next page begins, or empty when this was the last
 */
public record SearchPage(List<SearchHit> hits, Total total, Optional<SearchPosition> next) {

    public SearchPage {
        hits = List.copyOf(hits);
    }
}
