package io.eventsearch.api.hub;

import io.eventsearch.api.querylang.FieldSelection;
import io.eventsearch.api.querylang.QueryAssist;
import io.eventsearch.api.querylang.QueryParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventsearch.api.ApiException;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.Page;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.ValueCount;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.Caller;
import io.eventsearch.security.Scope;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.IdKind;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Hub 1.0's events API under {@code /hub/api/rest/events}: Get All Events (through the shared listing flow), Get
 * Event by id, and query assist for editors. Bearer tokens with scope {@code hubEvent:read}; Hub's error body for
 * every status under {@code /hub/}.
 */
public final class HubEventsService {

    private final StreamDefinition stream;
    private final EventStore store;
    private final JsonResponses json;
    private final HubRequestParser requests;
    private final QueryAssist assist;

    private HubEventsService(StreamDefinition stream, EventStore store, JsonResponses json) {
        this.stream = stream;
        this.store = store;
        this.json = json;
        HubVocabulary vocabulary = new HubVocabulary(stream);
        this.requests = new HubRequestParser(new QueryParser(vocabulary));
        this.assist = new QueryAssist(vocabulary, (tenant, field, prefix, size) ->
                values(tenant, vocabulary.hubField(field.name()).orElseThrow(), prefix, size));
    }

    public static ApiService create(StreamDefinition stream, EventStore store, Authenticator authenticator,
                                    JsonResponses json) {
        HubEventsService service = new HubEventsService(stream, store, json);
        Listing<HubQuery> listing = new Listing<>(stream, store, service.requests, new HubEventRenderer(), json);
        return new ApiService("/hub", authenticator, new HubErrorShape(), List.of(
                Endpoint.get("/api/rest/events", Scope.HUB_READ, listing.handler()),
                Endpoint.get("/api/rest/events/queryAssist", Scope.HUB_READ, service::queryAssist),
                Endpoint.get("/api/rest/events/{id}", Scope.HUB_READ, service::event)));
    }

    /** Get Event: the event with the id, in the same fields syntax; 404 when absent or another tenant's. */
    private void event(Caller caller, ServerRequest req, ServerResponse res) {
        ParameterReader parameters = ParameterReader.of(req)
                .requireKnown("fields"::equals, "the only one is fields").requireSingleValues(name -> "");
        FieldSelection fields = HubRequestParser.fields(parameters, HubEventRenderer.EVENT, FieldSelection.ALL);
        String id = req.path().pathParameters().get("id");
        if (!IdKind.isDecimalId(id)) {
            throw ApiException.notFound("no event has the id '" + id + "'; event ids are positive numbers");
        }
        EventQuery query = new EventQuery(new Filter.Term(stream.idField(), Long.parseLong(id)), List.of(),
                new Page.Offset(0, 1), Set.of());
        ResultPage page = store.page(stream, caller.tenant(), query);
        if (page.events().isEmpty()) {
            throw ApiException.notFound("no event has the id " + id);
        }
        json.send(res, 200, HubEventRenderer.event(page.events().get(0), fields));
    }

    /** The caller's values of a Hub field that compares values, over all the stream fields it reads. */
    private List<ValueCount> values(String tenant, HubQueryField field, String prefix, int size) {
        if (field.match() != HubQueryField.Match.EQUALS) {
            return List.of();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String path : field.fields()) {
            Filter filter = prefix.isEmpty() ? Filter.all() : new Filter.Prefix(path, prefix, true);
            for (ValueCount value : store.topValues(stream, tenant, filter, path, size)) {
                counts.merge(value.value(), value.count(), Long::sum);
            }
        }
        return counts.entrySet().stream().map(e -> new ValueCount(e.getKey(), e.getValue())).toList();
    }

    private void queryAssist(Caller caller, ServerRequest req, ServerResponse res) {
        ParameterReader parameters = ParameterReader.of(req)
                .requireKnown(name -> name.equals("query") || name.equals("caret"), "parameters are query and caret")
                .requireSingleValues(name -> "");
        String query = parameters.single("query").orElse("");
        if (query.length() > QueryParser.MAX_LENGTH) {
            throw ApiException.badParameter("query", "is longer than " + QueryParser.MAX_LENGTH + " characters");
        }
        int caret = parameters.integer("caret", query.length(), 0, query.length());
        json.send(res, 200, assist.assist(caller.tenant(), query, caret));
    }
}
