package io.eventsearch.api.search;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.NativeErrorShape;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.api.TenantSlots;
import io.eventsearch.query.SearchHit;
import io.eventsearch.query.SearchPage;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.Caller;
import io.eventsearch.security.Scope;
import io.eventsearch.store.EventScan;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamCatalog;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The service's own search over every stream, {@code GET /api/events} (scope {@code events:read}): a page of hits
 * with highlights and an opaque cursor, or, asked for NDJSON or CSV, the whole result streamed as it is read; and
 * {@code GET /api/events/tail}, what happens now as Server-Sent Events ({@link EventsTail}); and
 * {@code GET /api/events/aggregate}, counts to plot ({@link EventsAggregation}); and {@code GET /api/events/fields},
 * the fields there are.
 */
public final class EventsSearchService {

    private static final System.Logger LOG = System.getLogger(EventsSearchService.class.getName());
    /** Events written between flushes of an export, so the first bytes leave at once and then in steady chunks. */
    private static final int EXPORT_FLUSH_EVERY = 1000;

    private final EventStore store;
    private final JsonResponses json;
    private final ObjectMapper mapper;
    private final SearchRequestParser parser;
    private final HitRenderer hits;

    private final EventsTail tail;
    private final EventsAggregation aggregation;
    private final EventsQueryAssist assist;
    private final List<Map<String, Object>> fieldList;
    private final TenantSlots exports;

    private EventsSearchService(StreamCatalog streams, EventStore store, JsonResponses json, Clock clock,
                                TailSettings tailSettings, int exportsPerTenant) {
        this.store = store;
        this.json = json;
        this.mapper = json.mapper();
        this.parser = new SearchRequestParser(streams.all(), clock, mapper);
        this.hits = new HitRenderer(streams);
        this.tail = new EventsTail(streams.all(), store, hits, mapper, clock, tailSettings);
        this.aggregation = new EventsAggregation(streams.all(), store, json, clock);
        this.assist = new EventsQueryAssist(streams.all(), store, json, clock);
        this.fieldList = new EventsVocabulary(streams.all(), clock.instant()).describe();
        this.exports = new TenantSlots(exportsPerTenant, "exports");
    }

    /**
     * @param tail             the config section {@code tail}
     * @param exportsPerTenant exports one tenant may run at once on this instance ({@code query.exports.per.tenant})
     */
    public static ApiService create(StreamCatalog streams, EventStore store, Authenticator authenticator,
                                    JsonResponses json, Clock clock, Config tail, int exportsPerTenant) {
        EventsSearchService service = new EventsSearchService(streams, store, json, clock, TailSettings.from(tail),
                exportsPerTenant);
        return new ApiService("/api", authenticator, new NativeErrorShape(), List.of(
                Endpoint.get("/events", Scope.EVENTS_READ, service::search),
                Endpoint.get("/events/tail", Scope.EVENTS_READ, service.tail::tail),
                Endpoint.get("/events/aggregate", Scope.EVENTS_READ, service.aggregation::aggregate),
                Endpoint.get("/events/queryAssist", Scope.EVENTS_READ, service.assist::assist),
                Endpoint.get("/events/fields", Scope.EVENTS_READ, service::fields)));
    }

    private void search(Caller caller, ServerRequest req, ServerResponse res) throws IOException {
        ParameterReader parameters = ParameterReader.of(req);
        SearchRequest request = parser.parse(caller.tenant(), parameters, req.headers().first(HeaderNames.ACCEPT));
        switch (request.format()) {
            case JSON -> page(caller, request, parameters, res);
            case NDJSON -> export(caller, request, res, "application/x-ndjson", "ndjson", null,
                    hit -> mapper.writeValueAsString(hits.render(hit, false)) + "\n");
            case CSV -> {
                CsvRows rows = new CsvRows(request.columns(), mapper);
                export(caller, request, res, "text/csv; charset=utf-8", "csv", rows.header(), rows::row);
            }
        }
    }

    /** {@code GET /api/events/fields}: what a query, a sort and top values can name, for editors and the explorer. */
    private void fields(Caller caller, ServerRequest req, ServerResponse res) {
        ParameterReader.of(req).requireKnown(name -> false, "this endpoint takes no parameters");
        json.send(res, 200, Map.of("fields", fieldList));
    }

    private void page(Caller caller, SearchRequest request, ParameterReader parameters, ServerResponse res) {
        SearchPage page = store.search(caller.tenant(), request.query());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.hits().stream().map(hit -> hits.render(hit, true)).toList());
        body.put("total", Map.of("value", page.total().value(), "relation", page.total().exact() ? "eq" : "gte"));
        page.next().ifPresent(position -> {
            String cursor = new SearchCursor(request.binding(), request.now(), position).encode(mapper);
            body.put("cursor", cursor);
            body.put("next", "/api/events?" + withCursor(parameters, cursor));
        });
        json.send(res, 200, body);
    }

    /** One line (or row) of an export. */
    @FunctionalInterface
    private interface Line {
        String of(SearchHit hit) throws IOException;
    }

    /**
     * Streams every matching event. The first batch is read before anything is sent, so a store that cannot answer
     * is a 503 as for a page. Once bytes are out the status cannot change: a failure later cuts the connection
     * before the response's last chunk, which HTTP clients report as an incomplete transfer, never as a short file.
     */
    private void export(Caller caller, SearchRequest request, ServerResponse res, String contentType,
                        String extension, String header, Line line) throws IOException {
        try (TenantSlots.Slot slot = exports.take(caller.tenant());
             EventScan scan = store.scan(caller.tenant(), request.query())) {
            boolean any = scan.hasNext();
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, contentType));
            res.header(HeaderValues.create(HeaderNames.CONTENT_DISPOSITION,
                    "attachment; filename=\"events." + extension + "\""));
            OutputStream out = res.outputStream();
            try {
                if (header != null) {
                    out.write(header.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                int written = 0;
                while (any && scan.hasNext()) {
                    out.write(line.of(scan.next()).getBytes(StandardCharsets.UTF_8));
                    if (++written % EXPORT_FLUSH_EVERY == 0) {
                        out.flush();
                    }
                }
            } catch (UncheckedIOException | IOException gone) {
                // The client went away: closing the scan (above) frees its point in time.
                throw new CloseConnectionException("export ended: the client went away", gone);
            } catch (RuntimeException failed) {
                LOG.log(System.Logger.Level.WARNING, "export failed midway; connection cut: {0}", failed.toString());
                throw new CloseConnectionException("export failed midway", failed);
            }
            out.close();
        }
    }

    private static String withCursor(ParameterReader parameters, String cursor) {
        Map<String, List<String>> all = new LinkedHashMap<>(parameters.all());
        all.put("cursor", List.of(cursor));
        return all.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
