package io.eventsearch.api.search;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventsearch.api.ApiException;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.Aggregated;
import io.eventsearch.query.Aggregation;
import io.eventsearch.query.AggregationResult;
import io.eventsearch.security.Caller;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /api/events/aggregate}: counts over the events {@code q}, {@code from} and {@code to} select, as JSON
 * ready to plot. One request may ask several: {@code histogram} (an interval, or {@code auto} for at most 100
 * buckets; empty buckets included; each bucket counted per stream; {@code tz} says where days begin),
 * {@code terms} (the {@code size} most frequent values of a field, and how many events hold others),
 * {@code stats} (of a numeric field), {@code geo=country} (release downloads per country) or {@code geo=tile} with
 * {@code zoom} (per map tile of {@code location.point}).
 */
final class EventsAggregation {

    private static final Set<String> KNOWN = Set.of("q", "from", "to", "histogram", "tz", "terms", "size", "stats",
            "geo", "zoom");
    private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,5})([smhdwMqy])");
    /** Widths the automatic histogram chooses from: each about 2 to 4 times the one before, so 25 to 100 buckets. */
    private static final List<Aggregation.Interval> LADDER = List.of(
            interval(1, "s"), interval(2, "s"), interval(5, "s"), interval(10, "s"), interval(30, "s"),
            interval(1, "m"), interval(2, "m"), interval(5, "m"), interval(10, "m"), interval(30, "m"),
            interval(1, "h"), interval(2, "h"), interval(3, "h"), interval(6, "h"), interval(12, "h"),
            interval(1, "d"), interval(2, "d"), interval(1, "w"), interval(14, "d"), interval(1, "M"), interval(1, "q"),
            interval(1, "y"), interval(1826, "d"), interval(3652, "d"), interval(7305, "d"), interval(18262, "d"),
            interval(36525, "d"), interval(73050, "d"), interval(182621, "d"), interval(365242, "d")); // 5 to 1,000 years
    private static final int AUTO_MOST_BUCKETS = 100;
    static final String LOCATION_POINT = "location.point";
    static final String COUNTRY = "location.countryCode";

    private final List<StreamDefinition> streams;
    private final EventStore store;
    private final JsonResponses json;
    private final Clock clock;

    EventsAggregation(List<StreamDefinition> streams, EventStore store, JsonResponses json, Clock clock) {
        this.streams = List.copyOf(streams);
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    void aggregate(Caller caller, ServerRequest req, ServerResponse res) {
        ParameterReader parameters = ParameterReader.of(req)
                .requireKnown(KNOWN::contains, "parameters are " + String.join(", ", KNOWN.stream().sorted().toList()))
                .requireSingleValues(name -> "");
        Instant now = clock.instant();
        EventsVocabulary vocabulary = new EventsVocabulary(streams, now);
        SearchRequestParser.Selection selection = SearchRequestParser.selection(parameters, vocabulary, now);
        List<String> names = new ArrayList<>();
        List<Aggregation> asked = new ArrayList<>();
        Optional<Aggregation.Histogram> histogram = parameters.single("histogram")
                .flatMap(text -> histogram(caller, parameters, selection, text, now));
        if (parameters.single("histogram").isPresent()) {
            histogram.ifPresent(asked::add);
            names.add("histogram");
        }
        parameters.single("terms").ifPresent(field -> {
            asked.add(new Aggregation.TopValues(field(vocabulary, "terms", field),
                    parameters.integer("size", 10, 1, 1000)));
            names.add("terms");
        });
        parameters.single("stats").ifPresent(field -> {
            asked.add(new Aggregation.Stats(field(vocabulary, "stats", field)));
            names.add("stats");
        });
        parameters.single("geo").ifPresent(geo -> {
            asked.add(switch (geo) {
                case "country" -> new Aggregation.TopValues(COUNTRY, 300);
                case "tile" -> new Aggregation.GeoTiles(LOCATION_POINT, parameters.integer("zoom", 2, 0, 29));
                default -> throw ApiException.badParameter("geo", "must be country or tile, not '" + geo + "'");
            });
            names.add("geo");
        });
        if (names.isEmpty()) {
            throw ApiException.badRequest("ask for at least one of histogram, terms, stats and geo");
        }
        Aggregated found = store.aggregate(caller.tenant(), streams, selection.filter(), asked);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", Map.of("value", found.total().value(), "relation", found.total().exact() ? "eq" : "gte"));
        int next = 0;
        for (String name : names) {
            if (name.equals("histogram") && histogram.isEmpty()) {
                body.put(name, Map.of("buckets", List.of())); // no event has a time to plot
                continue;
            }
            body.put(name, render(found.results().get(next++), histogram));
        }
        json.send(res, 200, body);
    }

    /** The histogram asked, over the range asked or, without one, the range of the events; empty if none has one. */
    private Optional<Aggregation.Histogram> histogram(Caller caller, ParameterReader parameters,
                                                     SearchRequestParser.Selection selection, String text, Instant now) {
        ZoneId zone = parameters.single("tz").map(EventsAggregation::zone).orElse(ZoneId.of("UTC"));
        Optional<Instant> from = selection.from();
        Optional<Instant> to = selection.to().or(() -> selection.from().map(f -> now));
        if (from.isEmpty() || to.isEmpty()) {
            AggregationResult.Stats times = (AggregationResult.Stats) store.aggregate(caller.tenant(), streams,
                    selection.filter(), List.of(new Aggregation.Stats(StreamDefinition.TIME_ALIAS))).results().get(0);
            if (times.count() == 0) {
                return Optional.empty();
            }
            from = from.or(() -> Optional.of(Instant.ofEpochMilli(times.min().longValue())));
            to = to.or(() -> Optional.of(Instant.ofEpochMilli(times.max().longValue() + 1)));
        }
        Aggregation.Interval interval = text.equals("auto") ? auto(Duration.between(from.get(), to.get()))
                : parse(text);
        return Optional.of(new Aggregation.Histogram(interval, zone, from.get(), to.get()));
    }

    /** The narrowest width of the ladder that keeps the range within {@value AUTO_MOST_BUCKETS} buckets. */
    static Aggregation.Interval auto(Duration range) {
        for (Aggregation.Interval interval : LADDER) {
            if (range.toMillis() <= interval.approximateMillis() * AUTO_MOST_BUCKETS) {
                return interval;
            }
        }
        return LADDER.get(LADDER.size() - 1);
    }

    private static Aggregation.Interval parse(String text) {
        Matcher matcher = INTERVAL.matcher(text);
        try {
            if (matcher.matches()) {
                return interval(Long.parseLong(matcher.group(1)), matcher.group(2));
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw ApiException.badParameter("histogram", "must be auto, or an interval such as 30s, 5m, 1h, 1d (any "
                + "amount), 1w, 1M, 1q or 1y, not '" + text + "'");
    }

    private static Aggregation.Interval interval(long amount, String unit) {
        return new Aggregation.Interval(amount, switch (unit) {
            case "s" -> Aggregation.Interval.Unit.SECOND;
            case "m" -> Aggregation.Interval.Unit.MINUTE;
            case "h" -> Aggregation.Interval.Unit.HOUR;
            case "d" -> Aggregation.Interval.Unit.DAY;
            case "w" -> Aggregation.Interval.Unit.WEEK;
            case "M" -> Aggregation.Interval.Unit.MONTH;
            case "q" -> Aggregation.Interval.Unit.QUARTER;
            default -> Aggregation.Interval.Unit.YEAR;
        });
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text.replace(' ', '+'));
        } catch (DateTimeException e) {
            throw ApiException.badParameter("tz", "must be a time zone such as UTC, Europe/Berlin or +02:00, not '"
                    + text + "'");
        }
    }

    private static String field(EventsVocabulary vocabulary, String parameter, String name) {
        return vocabulary.path(name).filter(path -> !path.equals(StreamDefinition.TIME_ALIAS)).orElseThrow(() ->
                ApiException.badParameter(parameter, "names no field '" + name + "' of the streams"));
    }

    private static Object render(AggregationResult result, Optional<Aggregation.Histogram> histogram) {
        return switch (result) {
            case AggregationResult.Histogram h -> Map.of(
                    "interval", h.interval().toString(),
                    "zone", histogram.map(x -> x.zone().getId()).orElse("UTC"),
                    "buckets", h.buckets().stream().map(b -> Map.of("time", b.start().toString(), "count", b.count(),
                            "streams", b.byStream())).toList());
            case AggregationResult.TopValues t -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("field", t.field());
                out.put("values", t.values().stream().map(v -> Map.of("value", v.value(), "count", v.count())).toList());
                out.put("others", t.others());
                yield out;
            }
            case AggregationResult.Stats s -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("field", s.field());
                out.put("count", s.count());
                out.put("min", s.min());
                out.put("max", s.max());
                out.put("avg", s.avg());
                out.put("sum", s.sum());
                yield out;
            }
            case AggregationResult.GeoTiles g -> Map.of("zoom", g.zoom(), "tiles", g.tiles().stream().map(t -> Map.of(
                    "tile", t.tile(), "count", t.count(), "lat", t.latitude(), "lon", t.longitude())).toList());
        };
    }
}
