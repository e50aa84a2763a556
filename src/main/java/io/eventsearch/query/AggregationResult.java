package io.eventsearch.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What an {@link Aggregation} found. */
public sealed interface AggregationResult {

    /** One interval of a histogram: when it starts, its events, and their count per stream (in stream order). */
    record TimeBucket(Instant start, long count, Map<String, Long> byStream) {
        public TimeBucket {
            byStream = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byStream));
        }
    }

    record Histogram(Aggregation.Interval interval, List<TimeBucket> buckets) implements AggregationResult {
        public Histogram {
            buckets = List.copyOf(buckets);
        }
    }

    /** The most frequent values, most frequent first, and the count of events with any other value. */
    record TopValues(String field, List<ValueCount> values, long others) implements AggregationResult {
        public TopValues {
            values = List.copyOf(values);
        }
    }

    /** Null measures where no event has the field. */
    record Stats(String field, long count, Double min, Double max, Double avg, Double sum) implements AggregationResult {
    }

    /** One map tile ({@code zoom/x/y}), its events, and where their centre lies. */
    record Tile(String tile, long count, double latitude, double longitude) {
    }

    record GeoTiles(String field, int zoom, List<Tile> tiles) implements AggregationResult {
        public GeoTiles {
            tiles = List.copyOf(tiles);
        }
    }
}
