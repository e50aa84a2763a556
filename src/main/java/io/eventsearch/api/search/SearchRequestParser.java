package io.eventsearch.api.search;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.api.querylang.FieldSelection;
import io.eventsearch.api.querylang.QueryParser;
import io.eventsearch.api.querylang.QuerySyntaxException;
import io.eventsearch.query.Filter;
import io.eventsearch.query.SortKey;
import io.eventsearch.query.StreamRestriction;
import io.eventsearch.query.StreamsQuery;
import io.eventsearch.query.TimeExpression;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;

/**
 * Reads {@code GET /api/events}: {@code q} (the query language), {@code from} and {@code to} (each stream's own
 * time, from inclusive, to exclusive), {@code sort} (default {@code -time}), {@code fields}, {@code limit},
 * {@code cursor}, and {@code format} ({@code json}, {@code ndjson}, {@code csv}; or the Accept header).
 */
final class SearchRequestParser {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> KNOWN = Set.of("q", "from", "to", "sort", "fields", "limit", "cursor", "format");

    private final List<StreamDefinition> streams;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final FieldSelection.Shape shape;

    SearchRequestParser(List<StreamDefinition> streams, Clock clock, ObjectMapper mapper) {
        this.streams = List.copyOf(streams);
        this.clock = clock;
        this.mapper = mapper;
        this.shape = shapeOf(streams);
    }

    SearchRequest parse(String tenant, ParameterReader parameters, Optional<String> accept) {
        parameters.requireKnown(KNOWN::contains, "parameters are " + String.join(", ", KNOWN.stream().sorted().toList()))
                .requireSingleValues(name -> "");
        SearchRequest.Format format = format(parameters, accept);
        String q = parameters.single("q").orElse("");
        String from = parameters.single("from").orElse("");
        String to = parameters.single("to").orElse("");
        String sortText = parameters.single("sort").orElse("-time");
        String binding = SearchCursor.binding(tenant, List.of(q, from, to, sortText));
        Optional<SearchCursor> cursor = parameters.single("cursor").map(text -> {
            if (format != SearchRequest.Format.JSON) {
                throw ApiException.badParameter("cursor", "is for pages; an export always writes the whole result");
            }
            return SearchCursor.decode(text, binding, mapper);
        });
        Instant now = cursor.map(SearchCursor::now).orElse(clock.instant());
        EventsVocabulary vocabulary = new EventsVocabulary(streams, now);
        Filter filter = cursor.isPresent() ? acceptedBy(selection(parameters, vocabulary, now).filter(), now)
                : selection(parameters, vocabulary, now).filter();
        List<SortKey> sort = sort(vocabulary, sortText);
        int limit = parameters.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<String> fields = fields(parameters);
        StreamsQuery query = new StreamsQuery(streams, filter, sort, limit, new LinkedHashSet<>(fields),
                format == SearchRequest.Format.JSON, cursor.map(SearchCursor::position), true);
        List<String> columns = fields.isEmpty() ? allFields(filter) : fields;
        return new SearchRequest(query, binding, now, format, columns);
    }

    /**
     * The pages after the first show what the first page could: the events accepted by then ({@code @ingested}, the
     * time the service accepted them, up to the instances' clock differences), and those stored before the service
     * recorded acceptance times. The walk opens its point in time only at its second page, so without this bound
     * what arrived in between would join it.
     */
    private static Filter acceptedBy(Filter filter, Instant firstPage) {
        String accepted = StreamDefinition.INGESTED_FIELD;
        return new Filter.And(List.of(filter, new Filter.Or(List.of(
                new Filter.Range(accepted, null, null, null, firstPage),
                new Filter.Not(new Filter.Exists(accepted))))));
    }

    /**
     * What {@code q}, {@code from} and {@code to} select, read at {@code now}.
     *
     * @param filter the events' condition, the time range included
     * @param from   the range's start (inclusive), when given
     * @param to     the range's end (exclusive), when given
     */
    record Selection(Filter filter, Optional<Instant> from, Optional<Instant> to) {
    }

    /** The events {@code q}, {@code from} and {@code to} select; a 400 naming the parameter for a bad one. */
    static Selection selection(ParameterReader parameters, EventsVocabulary vocabulary, Instant now) {
        List<Filter> conditions = new ArrayList<>();
        parameters.single("q").ifPresent(q -> conditions.add(query(vocabulary, q)));
        Optional<Instant> since = parameters.single("from").map(text -> time("from", text, now));
        Optional<Instant> until = parameters.single("to").map(text -> time("to", text, now));
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw ApiException.badParameter("to", "must lie after from (" + since.get() + "), not at " + until.get());
        }
        if (since.isPresent() || until.isPresent()) {
            conditions.add(new Filter.Range(StreamDefinition.TIME_ALIAS, null, since.orElse(null), until.orElse(null), null));
        }
        Filter filter = conditions.size() == 1 ? conditions.get(0) : new Filter.And(conditions);
        return new Selection(filter, since, until);
    }

    private static SearchRequest.Format format(ParameterReader parameters, Optional<String> accept) {
        Optional<String> named = parameters.single("format");
        if (named.isPresent()) {
            return switch (named.get().toLowerCase(Locale.ROOT)) {
                case "json" -> SearchRequest.Format.JSON;
                case "ndjson" -> SearchRequest.Format.NDJSON;
                case "csv" -> SearchRequest.Format.CSV;
                default -> throw ApiException.badParameter("format", "must be json, ndjson or csv, not '"
                        + named.get() + "'");
            };
        }
        String accepted = accept.orElse("").toLowerCase(Locale.ROOT);
        if (accepted.contains("application/x-ndjson")) {
            return SearchRequest.Format.NDJSON;
        }
        return accepted.contains("text/csv") ? SearchRequest.Format.CSV : SearchRequest.Format.JSON;
    }

    /** The filter {@code q} means; a 400 naming {@code q} when it does not parse. */
    static Filter query(EventsVocabulary vocabulary, String text) {
        if (text.isBlank()) {
            throw ApiException.badParameter("q", "must not be empty; leave it out to find every event");
        }
        try {
            return new QueryParser(vocabulary).parse(text).filter();
        } catch (QuerySyntaxException e) {
            throw ApiException.badParameter("q", e.getMessage());
        }
    }

    private static Instant time(String name, String text, Instant now) {
        try {
            return TimeExpression.parse(text, now);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(name, e.getMessage());
        }
    }

    private List<SortKey> sort(EventsVocabulary vocabulary, String text) {
        List<SortKey> keys = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String key = part.trim();
            boolean descending = key.startsWith("-");
            String name = descending || key.startsWith("+") ? key.substring(1) : key;
            String path = vocabulary.path(name).orElseThrow(() -> ApiException.badParameter("sort", (name.isEmpty()
                    ? "has an empty field" : "names no field '" + name + "'")
                    + "; write fields of the streams, or time, each optionally prefixed '-' for descending"));
            if (keys.stream().anyMatch(k -> k.field().equals(path))) {
                throw ApiException.badParameter("sort", "names '" + name + "' twice");
            }
            keys.add(new SortKey(path, descending));
        }
        return keys;
    }

    /** The {@code fields} selection, as the leaf fields (dotted paths) it names. */
    private List<String> fields(ParameterReader parameters) {
        return parameters.single("fields").map(text -> {
            if (text.isBlank()) {
                throw ApiException.badParameter("fields", "must not be empty; leave it out for every field");
            }
            try {
                List<String> paths = new ArrayList<>();
                collect(FieldSelection.parse(text.replace(" ", ""), shape), shape, "", paths);
                return paths;
            } catch (FieldSelection.InvalidSelection e) {
                throw ApiException.badParameter("fields", e.getMessage());
            }
        }).orElse(List.of());
    }

    /** The leaf paths a selection names, in the order it names them (all of an object in template order). */
    private static void collect(FieldSelection selection, FieldSelection.Shape shape, String prefix, List<String> into) {
        Iterable<String> names = selection.children().isEmpty() ? shape.fields().keySet() : selection.children().keySet();
        for (String name : names) {
            FieldSelection.Shape below = shape.fields().get(name);
            if (below.fields().isEmpty()) {
                into.add(prefix + name);
            } else {
                collect(selection.below(name), below, prefix + name + ".", into);
            }
        }
    }

    /** Every field of the streams the filter can match, in stream and template order: an export's columns. */
    private List<String> allFields(Filter filter) {
        Set<String> paths = new LinkedHashSet<>();
        for (StreamDefinition stream : StreamRestriction.reachable(filter, streams)) {
            stream.fields().stream().filter(f -> !f.serverOwned() && f.type() != FieldType.GEO_POINT)
                    .map(StreamField::path).forEach(paths::add);
        }
        return List.copyOf(paths);
    }

    /** The fields of every stream as a tree, for the {@code fields} syntax ({@code location(city,countryCode)}). */
    private static FieldSelection.Shape shapeOf(List<StreamDefinition> streams) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (StreamDefinition stream : streams) {
            for (StreamField field : stream.fields()) {
                if (field.serverOwned()) {
                    continue;
                }
                Map<String, Object> node = tree;
                for (String step : field.path().split("\\.")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(step, s -> new LinkedHashMap<>());
                    node = child;
                }
            }
        }
        return shape(tree);
    }

    private static FieldSelection.Shape shape(Map<String, Object> tree) {
        Map<String, FieldSelection.Shape> fields = new LinkedHashMap<>();
        tree.forEach((name, below) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> children = (Map<String, Object>) below;
            fields.put(name, children.isEmpty() ? FieldSelection.Shape.LEAF : shape(children));
        });
        return new FieldSelection.Shape(fields);
    }
}
