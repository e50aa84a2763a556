package io.eventsearch.api.releases;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.eventsearch.api.ApiService;
import io.eventsearch.api.ErrorShape;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.QueryFailures;
import io.eventsearch.api.QueryParameters;
import io.eventsearch.query.ResultPage;
import io.eventsearch.security.Caller;
import io.eventsearch.security.CallerResolver;
import io.eventsearch.security.Scope;
import io.eventsearch.store.EventSearch;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v3/release-download-events}: the bare JSON array of the seed, paging in {@code X-Total-Count} and an
 * RFC 8288 {@code Link} header.
 */
public final class ReleaseDownloadEventsService implements ApiService {

    private static final String MOUNT = "/v3/release-download-events";

    private final StreamDefinition stream;
    private final EventSearch search;
    private final CallerResolver callers;
    private final JsonResponses json;
    private final ReleaseDownloadQueryParser parser;
    private final ReleaseDownloadRenderer renderer = new ReleaseDownloadRenderer();
    private final ErrorShape errors = new ReleaseDownloadErrorShape();

    public ReleaseDownloadEventsService(StreamDefinition stream, EventSearch search, CallerResolver callers,
                                        JsonResponses json) {
        this.stream = stream;
        this.search = search;
        this.callers = callers;
        this.json = json;
        this.parser = new ReleaseDownloadQueryParser(stream);
    }

    @Override
    public String mount() {
        return MOUNT;
    }

    @Override
    public List<String> paths() {
        return List.of(MOUNT);
    }

    @Override
    public ErrorShape errorShape() {
        return errors;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", json.guarded(errors, this::list))
                .any("/", json.methodNotAllowed(errors, "GET"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Scope.RELEASE_DOWNLOAD_READ);
        Map<String, List<String>> parameters = QueryParameters.of(req);
        ReleaseDownloadQuery request = parser.parse(parameters);
        ResultPage page = QueryFailures.answer(() -> search.search(stream, caller.tenant(), request.query()));

        res.header("X-Total-Count", Long.toString(page.total().value()));
        res.header("X-Total-Count-Relation", page.total().exact() ? "eq" : "gte");
        String links = links(parameters, request, page);
        if (!links.isEmpty()) {
            res.header("Link", links);
        }
        json.send(res, 200, renderer.render(page.events()));
    }

    private static String links(Map<String, List<String>> parameters, ReleaseDownloadQuery request, ResultPage page) {
        List<String> links = new ArrayList<>();
        long total = page.total().value();
        long seen = (long) request.page() * request.limit();
        if (seen < total || !page.total().exact() && page.events().size() == request.limit()) {
            links.add(link(parameters, request.page() + 1, "next"));
        }
        if (request.page() > 1) {
            links.add(link(parameters, request.page() - 1, "prev"));
        }
        links.add(link(parameters, 1, "first"));
        if (page.total().exact()) {
            long last = Math.max(1, (total + request.limit() - 1) / request.limit());
            links.add(link(parameters, last, "last"));
        }
        return String.join(", ", links);
    }

    private static String link(Map<String, List<String>> parameters, long page, String rel) {
        StringBuilder uri = new StringBuilder(MOUNT).append('?');
        // The caller's parameters in name order, then the page: links are stable whatever order the request had.
        Map<String, List<String>> next = new TreeMap<>(parameters);
        next.remove("page");
        next = new LinkedHashMap<>(next);
        next.put("page", List.of(Long.toString(page)));
        boolean first = true;
        for (Map.Entry<String, List<String>> parameter : next.entrySet()) {
            for (String value : parameter.getValue()) {
                uri.append(first ? "" : "&").append(encode(parameter.getKey())).append('=').append(encode(value));
                first = false;
            }
        }
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]");
    }
}
