package io.eventsearch.query;

import java.util.List;

/**
 * What a set of aggregations found, in the order they were asked.
 *
 * @param total   how many events the search matched
 * @param results one per aggregation asked
 */
public record Aggregated(Total total, List<AggregationResult> results) {

    public Aggregated {
        results = List.copyOf(results);
    }
}
