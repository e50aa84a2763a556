package io.eventsearch.api.search;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.eventsearch.api.ApiException;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.api.querylang.QueryAssist;
import io.eventsearch.api.querylang.QueryField;
import io.eventsearch.api.querylang.QueryParser;
import io.eventsearch.query.Aggregation;
import io.eventsearch.query.AggregationResult;
import io.eventsearch.query.Filter;
import io.eventsearch.query.InvalidQueryException;
import io.eventsearch.query.ValueCount;
import io.eventsearch.security.Caller;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /api/events/queryAssist?query=...&caret=N}: completion and highlighting for editors of native queries,
 * as Hub's query assist answers them: field names with what they are, keywords, and where a value is typed the
 * caller's own most frequent values of that field (keyword and integer fields) or the streams with their counts.
 */
final class EventsQueryAssist {

    private static final Set<String> KNOWN = Set.of("query", "caret");

    private final List<StreamDefinition> streams;
    private final EventStore store;
    private final JsonResponses json;
    private final Clock clock;

    EventsQueryAssist(List<StreamDefinition> streams, EventStore store, JsonResponses json, Clock clock) {
        this.streams = List.copyOf(streams);
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    void assist(Caller caller, ServerRequest req, ServerResponse res) {
        ParameterReader parameters = ParameterReader.of(req)
                .requireKnown(KNOWN::contains, "parameters are query and caret").requireSingleValues(name -> "");
        String query = parameters.single("query").orElse("");
        if (query.length() > QueryParser.MAX_LENGTH) {
            throw ApiException.badParameter("query", "is longer than " + QueryParser.MAX_LENGTH + " characters");
        }
        int caret = parameters.integer("caret", query.length(), 0, query.length());
        EventsVocabulary vocabulary = new EventsVocabulary(streams, clock.instant());
        QueryAssist assist = new QueryAssist(vocabulary, (tenant, field, prefix, size) ->
                values(tenant, vocabulary, field, prefix, size));
        json.send(res, 200, assist.assist(caller.tenant(), query, caret));
    }

    private List<ValueCount> values(String tenant, EventsVocabulary vocabulary, QueryField field, String prefix,
                                    int size) {
        if (field.name().equals(EventsVocabulary.STREAM)) {
            return streamCounts(tenant, prefix);
        }
        return vocabulary.path(field.name())
                .filter(path -> !path.equals(StreamDefinition.TIME_ALIAS))
                .map(path -> topValues(tenant, path, prefix, size))
                .orElse(List.of());
    }

    /** The most frequent values; none for fields whose values are not counted (text, numbers, times). */
    private List<ValueCount> topValues(String tenant, String path, String prefix, int size) {
        Filter filter = prefix.isEmpty() ? Filter.all() : new Filter.Prefix(path, prefix, true);
        try {
            AggregationResult result = store.aggregate(tenant, streams, filter,
                    List.of(new Aggregation.TopValues(path, size))).results().get(0);
            return ((AggregationResult.TopValues) result).values();
        } catch (InvalidQueryException notCounted) {
            return List.of();
        }
    }

    private List<ValueCount> streamCounts(String tenant, String prefix) {
        List<ValueCount> counts = new ArrayList<>();
        for (StreamDefinition stream : streams) {
            if (stream.name().startsWith(prefix.toLowerCase(java.util.Locale.ROOT))) {
                long events = store.aggregate(tenant, List.of(stream), Filter.all(),
                        List.of(new Aggregation.Stats(StreamDefinition.TIME_ALIAS))).total().value();
                counts.add(new ValueCount(stream.name(), events));
            }
        }
        return counts;
    }
}
