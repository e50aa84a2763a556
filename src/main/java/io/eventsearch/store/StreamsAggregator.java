package io.eventsearch.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventsearch.query.Aggregated;
import io.eventsearch.query.Aggregation;
import io.eventsearch.query.AggregationResult;
import io.eventsearch.query.Filter;
import io.eventsearch.query.InvalidQueryException;
import io.eventsearch.query.StreamRestriction;
import io.eventsearch.query.Total;
import io.eventsearch.query.ValueCount;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamDefinition;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.CalendarInterval;
import org.opensearch.client.opensearch._types.aggregations.FieldDateMath;
import org.opensearch.client.opensearch._types.aggregations.StringTermsBucket;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.TotalHitsRelation;

/**
 * Aggregations over a search of several streams, in one OpenSearch request: date histograms of each stream's own
 * time (empty buckets included, counted per stream), top values, statistics and map tiles.
 */
final class StreamsAggregator {

    /** More buckets than anyone plots; a narrower range or a wider interval is asked for beyond. */
    static final long MAX_BUCKETS = 10_000;
    private static final int MAX_INDICES = 1000;
    private static final int MAX_TILES = 10_000;

    private final OpenSearchClient client;
    private final QueryTranslator translator;
    private final QuerySettings settings;

    StreamsAggregator(OpenSearchClient client, QueryTranslator translator, QuerySettings settings) {
        this.client = client;
        this.translator = translator;
        this.settings = settings;
    }

    Aggregated aggregate(String tenant, List<StreamDefinition> searched, Filter filter, List<Aggregation> asked) {
        List<StreamDefinition> streams = StreamRestriction.reachable(filter, searched);
        Map<String, org.opensearch.client.opensearch._types.aggregations.Aggregation> requests = new LinkedHashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            requests.put("a" + i, request(streams, asked.get(i)));
        }
        if (streams.isEmpty()) {
            return new Aggregated(new Total(0, true), asked.stream().map(a -> empty(a)).toList());
        }
        Query query = translator.query(streams, tenant, filter);
        List<String> aliases = streams.stream().map(StreamDefinition::readAlias).toList();
        SearchResponse<Map<String, Object>> response = StoreReads.answer(() -> StoreReads.search(client, SearchRequest.of(s -> s
                .index(aliases).ignoreUnavailable(true).allowNoIndices(true).query(query).size(0)
                .trackTotalHits(t -> t.count(settings.totalBound())).aggregations(requests))), null);
        if (response == null) {
            return new Aggregated(new Total(0, true), asked.stream().map(a -> empty(a)).toList());
        }
        var total = response.hits().total();
        Total counted = total == null ? new Total(0, true) : new Total(total.value(), total.relation() == TotalHitsRelation.Eq);
        List<AggregationResult> results = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            Aggregate found = response.aggregations().get("a" + i);
            results.add(found == null ? empty(asked.get(i)) : result(streams, asked.get(i), found));
        }
        return new Aggregated(counted, results);
    }

    private org.opensearch.client.opensearch._types.aggregations.Aggregation request(List<StreamDefinition> streams,
                                                                                     Aggregation asked) {
        return switch (asked) {
            case Aggregation.Histogram h -> {
                long buckets = (h.to().toEpochMilli() - h.from().toEpochMilli()) / h.interval().approximateMillis();
                if (buckets > MAX_BUCKETS) {
                    throw new InvalidQueryException("histogram", "would have " + buckets + " buckets, more than "
                            + MAX_BUCKETS + "; choose a wider interval or a narrower range");
                }
                FieldDateMath from = FieldDateMath.of(m -> m.value((double) h.from().toEpochMilli()));
                FieldDateMath last = FieldDateMath.of(m -> m.value((double) h.to().toEpochMilli() - 1));
                yield org.opensearch.client.opensearch._types.aggregations.Aggregation.of(a -> a
                        .dateHistogram(d -> {
                            d.field(StreamDefinition.TIME_ALIAS).timeZone(h.zone().getId()).minDocCount(0)
                                    .extendedBounds(b -> b.min(from).max(last)); // the query bounds the events

                            return switch (h.interval().unit()) {
                                case WEEK -> d.calendarInterval(CalendarInterval.Week);
                                case MONTH -> d.calendarInterval(CalendarInterval.Month);
                                case QUARTER -> d.calendarInterval(CalendarInterval.Quarter);
                                case YEAR -> d.calendarInterval(CalendarInterval.Year);
                                default -> d.fixedInterval(t -> t.time(h.interval().toString()));
                            };
                        })
                        .aggregations("streams", s -> s.terms(t -> t.field("_index").size(MAX_INDICES))));
            }
            case Aggregation.TopValues t -> {
                FieldType type = QueryTranslator.sharedType(streams, t.field(), "terms");
                if (!type.isCounted()) {
                    throw new InvalidQueryException("terms", "'" + t.field() + "' is not a keyword or an integer, so "
                            + "its values are not counted");
                }
                yield org.opensearch.client.opensearch._types.aggregations.Aggregation.of(a -> a
                        .terms(x -> x.field(t.field()).size(t.size())));
            }
            case Aggregation.Stats s -> {
                FieldType type = StreamDefinition.TIME_ALIAS.equals(s.field()) ? FieldType.DATE : QueryTranslator.sharedType(streams, s.field(), "stats");
                if (!type.isNumeric() && type != FieldType.DATE) {
                    throw new InvalidQueryException("stats", "'" + s.field() + "' is not a number, so it has no statistics");
                }
                yield org.opensearch.client.opensearch._types.aggregations.Aggregation.of(a -> a
                        .stats(x -> x.field(s.field())));
            }
            case Aggregation.GeoTiles g -> {
                if (streams.stream().flatMap(s -> s.field(g.field()).stream()).noneMatch(f -> f.type() == FieldType.GEO_POINT)) {
                    throw new InvalidQueryException("geo", "no stream searched has a location to map");
                }
                yield org.opensearch.client.opensearch._types.aggregations.Aggregation.of(a -> a
                        .geotileGrid(x -> x.field(g.field()).precision(g.zoom()).size(MAX_TILES))
                        .aggregations("centre", c -> c.geoCentroid(x -> x.field(g.field()))));
            }
        };
    }

    private static AggregationResult result(List<StreamDefinition> streams, Aggregation asked, Aggregate found) {
        return switch (asked) {
            case Aggregation.Histogram h -> new AggregationResult.Histogram(h.interval(),
                    found.dateHistogram().buckets().array().stream().map(bucket -> {
                        Map<String, Long> byStream = new LinkedHashMap<>(); // in the streams' order
                        List<StringTermsBucket> indices = bucket.aggregations().containsKey("streams")
                                ? bucket.aggregations().get("streams").sterms().buckets().array() : List.of();
                        for (StreamDefinition stream : streams) {
                            long count = indices.stream().filter(index -> index.key().startsWith(stream.indexPrefix()))
                                    .mapToLong(StringTermsBucket::docCount).sum();
                            if (count > 0) {
                                byStream.put(stream.name(), count);
                            }
                        }
                        return new AggregationResult.TimeBucket(java.time.Instant.ofEpochMilli(bucket.key()),
                                bucket.docCount(), byStream);
                    }).toList());
            case Aggregation.TopValues t -> found.isLterms()
                    ? new AggregationResult.TopValues(t.field(), found.lterms().buckets().array().stream()
                            .map(b -> new ValueCount(b.keyAsString() != null ? b.keyAsString()
                                    : String.valueOf(b.key()._get()), b.docCount())).toList(),
                            orZero(found.lterms().sumOtherDocCount()))
                    : found.isSterms()
                    ? new AggregationResult.TopValues(t.field(), found.sterms().buckets().array().stream()
                            .map(b -> new ValueCount(b.key(), b.docCount())).toList(),
                            orZero(found.sterms().sumOtherDocCount()))
                    : empty(asked);
            case Aggregation.Stats s -> new AggregationResult.Stats(s.field(), found.stats().count(),
                    found.stats().min(), found.stats().max(), found.stats().avg(),
                    found.stats().count() == 0 ? null : found.stats().sum());
            case Aggregation.GeoTiles g -> new AggregationResult.GeoTiles(g.field(), g.zoom(),
                    found.geotileGrid().buckets().array().stream().map(b -> {
                        var centre = b.aggregations().get("centre").geoCentroid().location().latlon();
                        return new AggregationResult.Tile(b.key(), b.docCount(), centre.lat(), centre.lon());
                    }).toList());
        };
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** The result of an aggregation over no events. */
    private static AggregationResult empty(Aggregation asked) {
        return switch (asked) {
            case Aggregation.Histogram h -> new AggregationResult.Histogram(h.interval(), List.of());
            case Aggregation.TopValues t -> new AggregationResult.TopValues(t.field(), List.of(), 0);
            case Aggregation.Stats s -> new AggregationResult.Stats(s.field(), 0, null, null, null, null);
            case Aggregation.GeoTiles g -> new AggregationResult.GeoTiles(g.field(), g.zoom(), List.of());
        };
    }
}
