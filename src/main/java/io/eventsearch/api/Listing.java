package io.eventsearch.api;

import java.util.Map;

import io.eventsearch.query.EventQuery;
import io.eventsearch.query.ResultPage;
import io.eventsearch.store.EventStore;
import io.eventsearch.store.OffsetTooDeepException;
import io.eventsearch.stream.StreamDefinition;

/**
 * The one flow of every listing API: read the parameters, let the API's parser turn them into a query, fetch the
 * caller's page from the store, let the API's renderer shape the answer. Authentication, error shapes and the
 * store's failures (400, 503) are handled by {@link ApiRouting} around it, so an API adds only its parser and
 * renderer.
 *
 * @param <R> what the API's parser makes of a request
 */
public final class Listing<R extends Listing.Request> {

    /** A parsed request: the query, and whatever else the API's renderer needs (the page number, the limit). */
    public interface Request {
        EventQuery query();

        /** The parameter that says how many events to skip, named in the answer when that is too deep. */
        default String offsetParameter() {
            return "offset";
        }
    }

    /** Reads an API's parameters into its request; refuses bad ones with {@link ApiException}. */
    @FunctionalInterface
    public interface Parser<R> {
        R parse(ParameterReader parameters);
    }

    /** Shapes a page of events as the API's clients expect it. */
    @FunctionalInterface
    public interface Renderer<R> {
        Answer render(R request, ResultPage page, ParameterReader parameters);
    }

    /**
     * What a listing answers with status 200.
     *
     * @param body    serialised as JSON: maps, lists, strings, numbers, Jackson trees, or events in an
     *                {@link EventLayout}
     * @param headers extra response headers (totals, links)
     * @param pretty  indent the JSON for people to read
     */
    public record Answer(Object body, Map<String, String> headers, boolean pretty) {
        public Answer {
            headers = Map.copyOf(headers);
        }

        public Answer(Object body, Map<String, String> headers) {
            this(body, headers, false);
        }
    }

    private final StreamDefinition stream;
    private final EventStore store;
    private final Parser<R> parser;
    private final Renderer<R> renderer;
    private final JsonResponses json;

    public Listing(StreamDefinition stream, EventStore store, Parser<R> parser, Renderer<R> renderer,
                   JsonResponses json) {
        this.stream = stream;
        this.store = store;
        this.parser = parser;
        this.renderer = renderer;
        this.json = json;
    }

    /** The handler of a listing endpoint. */
    public Endpoint.Handler handler() {
        return (caller, req, res) -> {
            ParameterReader parameters = ParameterReader.of(req);
            R request = parser.parse(parameters);
            ResultPage page;
            try {
                page = store.page(stream, caller.tenant(), request.query());
            } catch (OffsetTooDeepException e) {
                throw ApiException.badParameter(request.offsetParameter(), e.getMessage());
            }
            Answer answer = renderer.render(request, page, parameters);
            answer.headers().forEach(res::header);
            json.send(res, 200, answer.body(), answer.pretty());
        };
    }
}
