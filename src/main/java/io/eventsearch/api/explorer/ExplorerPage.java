package io.eventsearch.api.explorer;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ApiRouting;
import io.eventsearch.api.ErrorShape;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.NativeErrorShape;
import io.eventsearch.api.RequestBodies;
import io.eventsearch.api.RequestLog;
import io.eventsearch.security.AuthSettings;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The explorer, {@code /ui/}: a page that calls the search API from the browser with the user's own token. Its
 * files need no credential (they hold no data); every answer carries a Content-Security-Policy that lets the page
 * run only its own scripts and styles and talk only to this service. {@code /ui/dev-token} hands out development
 * tokens under the conditions of {@link DevTokens}, and answers 404 everywhere else.
 */
public final class ExplorerPage {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final int MAX_TOKEN_REQUEST = 1024;

    private final ExplorerAssets assets = new ExplorerAssets("ui");
    private final Optional<DevTokens> devTokens;
    private final JsonResponses json;
    private final ErrorShape shape = new NativeErrorShape();

    ExplorerPage(Optional<DevTokens> devTokens, JsonResponses json) {
        this.devTokens = devTokens;
        this.json = json;
    }

    /** @param ui the config section {@code ui} ({@code dev.token}: offer development tokens) */
    public static ExplorerPage create(Config ui, AuthSettings auth, JsonResponses json) {
        return new ExplorerPage(DevTokens.of(ui.get("dev.token").asBoolean().orElse(false), auth), json);
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/ui", (req, res) -> {
            RequestLog.route(req, "/ui");
            res.status(Status.MOVED_PERMANENTLY_301);
            res.header(HeaderNames.LOCATION, "/ui/");
            res.send();
        });
        route(routing, "/ui/", Method.GET, (req, res) -> asset(req, res, "index.html"));
        route(routing, "/ui/dev-token", Method.GET, this::devTokenOffered);
        route(routing, "/ui/dev-token", Method.POST, this::devToken);
        refuseOtherMethods(routing, "/ui/dev-token", "GET, POST");
        route(routing, "/ui/{name}", Method.GET, (req, res) -> asset(req, res, req.path().pathParameters().get("name")));
        refuseOtherMethods(routing, "/ui/{name}", "GET");
        refuseOtherMethods(routing, "/ui/", "GET");
    }

    private void route(HttpRouting.Builder routing, String path, Method method, PageHandler handler) {
        routing.route(method, path, (req, res) -> {
            RequestLog.route(req, path);
            secure(res);
            try {
                handler.handle(req, res);
            } catch (ApiException refused) {
                json.sendRefusal(req, res, shape, refused);
            }
        });
    }

    private void refuseOtherMethods(HttpRouting.Builder routing, String path, String allowed) {
        routing.any(path, (req, res) -> {
            RequestLog.route(req, path);
            json.sendError(res, shape, ApiRouting.methodNotAllowed(req.prologue().method(), allowed));
        });
    }

    private void asset(ServerRequest req, ServerResponse res, String name) {
        ExplorerAssets.Asset asset = assets.find(name).orElseThrow(() ->
                ApiException.notFound("nothing is served at /ui/" + name));
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).filter(asset.etag()::equals).isPresent()) {
            res.header(HeaderValues.create(HeaderNames.ETAG, asset.etag()));
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, asset.contentType()));
        res.header(HeaderValues.create(HeaderNames.ETAG, asset.etag()));
        // Revalidated on every load (a 304 when unchanged), so a new version of the service is never mixed with
        // modules of the old one in a browser's cache.
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
        res.send(asset.bytes());
    }

    /** {@code GET /ui/dev-token}: 200 when this request could get a development token, else 404. */
    private void devTokenOffered(ServerRequest req, ServerResponse res) {
        offering(req);
        json.send(res, 200, Map.of("available", true));
    }

    /** {@code POST /ui/dev-token} with {@code {"tenant": "acme"}}: a read-only development token for the tenant. */
    private void devToken(ServerRequest req, ServerResponse res) {
        DevTokens tokens = offering(req);
        boolean isJson = req.headers().contentType().map(type -> type.mediaType().text().equals("application/json"))
                .orElse(false);
        if (!isJson) {
            throw new ApiException(415, "send the tenant as JSON, Content-Type application/json", null);
        }
        byte[] body = RequestBodies.read(req, MAX_TOKEN_REQUEST, "send {\"tenant\": \"...\"}");
        JsonNode tenant;
        try {
            tenant = json.mapper().readTree(body).path("tenant");
        } catch (IOException malformed) {
            throw ApiException.badRequest("the body is not JSON: send {\"tenant\": \"...\"}");
        }
        json.send(res, 200, tokens.issue(tenant.isTextual() ? tenant.asText() : null));
    }

    private DevTokens offering(ServerRequest req) {
        return devTokens.filter(tokens -> DevTokens.local(req)).orElseThrow(() -> ApiException.notFound(
                "no development tokens here: they are offered only on this machine by a service started by "
                        + "scripts/run with its development key"));
    }

    private static void secure(ServerResponse res) {
        res.header(HeaderValues.create("Content-Security-Policy", CONTENT_SECURITY_POLICY));
        res.header(HeaderValues.create("X-Content-Type-Options", "nosniff"));
        res.header(HeaderValues.create("Referrer-Policy", "no-referrer"));
        res.header(HeaderValues.create("X-Frame-Options", "DENY"));
    }

    /** A route of the page; refuses a request by throwing {@link ApiException}. */
    @FunctionalInterface
    private interface PageHandler {
        void handle(ServerRequest req, ServerResponse res);
    }
}
