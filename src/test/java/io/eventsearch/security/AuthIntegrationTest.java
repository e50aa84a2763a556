package io.eventsearch.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.eventsearch.api.ApiService;
import io.eventsearch.testing.TestKeys;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every protected route refuses bad tokens with 401 and missing scopes with 403, in its API's error shape. */
class AuthIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final List<String> ALL_SCOPES = List.of(Scope.RELEASE_DOWNLOAD_READ, Scope.HUB_READ,
            Scope.AUDIT_READ, Scope.EVENTS_WRITE, Scope.API_KEYS_WRITE);

    /**
     * A request on an endpoint, the status it gets when the token is right (2xx, or 404 for a lookup of an id that
     * does not exist), and the scope the endpoint demands.
     */
    record Route(String method, String path, String body, String scope, int passes) {

        Route(String method, String path, String body) {
            this(method, path, body, null, 200);
        }

        Route withScope(String scope) {
            return new Route(method, path, body, scope, passes);
        }

        Reply call(String token) {
            return switch (method) {
                case "POST" -> SERVICE.postJson(path, token, body);
                case "GET" -> SERVICE.get(path, token);
                default -> SERVICE.send(java.net.http.HttpRequest.newBuilder(SERVICE.uri(path))
                        .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()), token);
            };
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A successful request per endpoint, keyed by "METHOD /declared/{path}". */
    private static final Map<String, Route> SAMPLES = Map.ofEntries(
            Map.entry("POST /ingest/{stream}", new Route("POST", "/ingest/audit", "[{\"action\":\"probe\"}]")),
            Map.entry("GET /v3/release-download-events", new Route("GET", "/v3/release-download-events", null)),
            Map.entry("GET /audit/events", new Route("GET", "/audit/events", null)),
            Map.entry("GET /hub/api/rest/events", new Route("GET", "/hub/api/rest/events?query=author:%20x", null)),
            Map.entry("GET /hub/api/rest/events/queryAssist", new Route("GET", "/hub/api/rest/events/queryAssist?query=au", null)),
            Map.entry("GET /hub/api/rest/events/{id}", new Route("GET", "/hub/api/rest/events/1", null, null, 404)),
            Map.entry("POST /admin/api-keys", new Route("POST", "/admin/api-keys", "{\"name\":\"probe\"}")),
            Map.entry("GET /admin/api-keys", new Route("GET", "/admin/api-keys", null)),
            Map.entry("DELETE /admin/api-keys/{id}", new Route("DELETE", "/admin/api-keys/no-such-key", null, null, 404)),
            Map.entry("GET /api/events", new Route("GET", "/api/events?q=stream:%20hub", null)),
            Map.entry("GET /api/events/tail", new Route("GET", "/api/events/tail?lastEventId=bm9uZQ", null, null, 400)),
            Map.entry("GET /api/events/aggregate", new Route("GET", "/api/events/aggregate?terms=type", null)),
            Map.entry("GET /api/events/queryAssist", new Route("GET", "/api/events/queryAssist?query=sta", null)),
            Map.entry("GET /api/events/fields", new Route("GET", "/api/events/fields", null)));

    /** The APIs whose callers present bearer tokens (the API-usage API takes API keys: its own test covers them). */
    private static Stream<ApiService> bearerApis() {
        return SERVICE.apis().stream().filter(api -> api.authenticator() instanceof BearerTokenAuthenticator);
    }

    /** Every declared endpoint of every bearer-token API the service routes, with the scope it declares. */
    static Stream<Route> routes() {
        return bearerApis().flatMap(api -> api.endpoints().stream().map(endpoint -> {
            Route sample = SAMPLES.get(key(endpoint.method().text(), endpoint.fullPath(api.mount())));
            if (sample == null) {
                return new Route(endpoint.method().text(), endpoint.fullPath(api.mount()), null).withScope(endpoint.scope());
            }
            return sample.withScope(endpoint.scope());
        }));
    }

    private static String key(String method, String path) {
        return method + " " + path;
    }

    @Test
    void everyDeclaredEndpointHasASampleRequestHere() {
        Set<String> declared = bearerApis().flatMap(api -> api.endpoints().stream()
                .map(e -> key(e.method().text(), e.fullPath(api.mount())))).collect(Collectors.toSet());
        assertThat(SAMPLES.keySet()).as("add a successful sample request for each new endpoint")
                .containsExactlyInAnyOrderElementsOf(declared);
    }

    static Stream<Arguments> badTokens() {
        String tenant = TestService.newTenant();
        TokenIssuer stranger = TestKeys.issuer(TestKeys.newJwkSet("test-key"));
        TokenIssuer wrongIssuer = TokenIssuer.fromJwkFile(SERVICE.jwkSet(), "someone-else", TestKeys.AUDIENCE);
        TokenIssuer wrongAudience = TokenIssuer.fromJwkFile(SERVICE.jwkSet(), TestKeys.ISSUER, "another-service");
        String all = String.join(" ", ALL_SCOPES);
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("not a JWT", "not-a-token"),
                Arguments.of("unsigned (alg none)", unsigned(tenant, all)),
                Arguments.of("signed with another key", stranger.issue("x", tenant, all, Duration.ofMinutes(5))),
                Arguments.of("expired", SERVICE.tokens().issue("x", tenant, all, past, past.plusSeconds(60))),
                Arguments.of("wrong issuer", wrongIssuer.issue("x", tenant, all, Duration.ofMinutes(5))),
                Arguments.of("wrong audience", wrongAudience.issue("x", tenant, all, Duration.ofMinutes(5))),
                Arguments.of("tampered", tamper(SERVICE.token(tenant, all))));
    }

    /** A token is verified once and then remembered, but never past its expiry. */
    @Test
    void aTokenAcceptedBeforeIsRefusedOnceItHasExpired() {
        Instant now = Instant.now();
        String token = SERVICE.tokens().issue("x", TestService.newTenant(), "auditEvent:read", now.minusSeconds(1),
                now.plusSeconds(3));
        assertThat(SERVICE.get("/audit/events?limit=1", token).status()).isEqualTo(200);
        assertThat(SERVICE.get("/audit/events?limit=1", token).status()).as("the same token again").isEqualTo(200);
        Instant deadline = now.plusSeconds(60);
        Reply reply = SERVICE.get("/audit/events?limit=1", token);
        while (reply.status() == 200 && Instant.now().isBefore(deadline)) {
            reply = SERVICE.get("/audit/events?limit=1", token);
        }
        assertThat(reply.status()).isEqualTo(401);
        assertThat(Instant.now()).as("refused only after it expired").isAfter(now.plusSeconds(3));
    }

    static Stream<Arguments> routesWithBadTokens() {
        return routes().flatMap(route -> badTokens().map(bad -> Arguments.of(route, bad.get()[0], bad.get()[1])));
    }

    @ParameterizedTest(name = "{0} with a token that is {1}")
    @MethodSource("routesWithBadTokens")
    void answers401ForATokenThatIsNotValid(Route route, String what, String token) {
        Reply reply = route.call(token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(reply.json()).as(reply.body()).isNotNull();
        assertThat(reply.body()).contains("a valid bearer token is required");
        assertThat(reply.body()).doesNotContain(token == null ? "\u0000" : token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void answers403WithoutTheRoutesScopeAnd2xxWithIt(Route route) {
        String tenant = TestService.newTenant();
        String otherScopes = String.join(" ", ALL_SCOPES.stream().filter(s -> !s.equals(route.scope())).toList());
        Reply without = route.call(SERVICE.token(tenant, otherScopes));
        assertThat(without.status()).as(without.body()).isEqualTo(403);
        assertThat(without.body()).contains(route.scope());

        Reply with = route.call(SERVICE.token(tenant, route.scope()));
        if (route.passes() == 200) {
            assertThat(with.status()).as(with.body()).isBetween(200, 299);
        } else {
            assertThat(with.status()).as(with.body()).isEqualTo(route.passes());
        }
    }

    @Test
    void aValidTokenWithoutAUsableTenantIsForbidden() {
        Route ingest = routes().filter(r -> r.scope().equals(Scope.EVENTS_WRITE)).findFirst().orElseThrow();
        Reply noTenant = ingest.call(SERVICE.tokens().issue("x", null, ingest.scope(), Duration.ofMinutes(5)));
        assertThat(noTenant.status()).isEqualTo(403);
        assertThat(noTenant.json().at("/error/message").asText()).contains("tenant");
        Reply badTenant = ingest.call(SERVICE.tokens().issue("x", "a:b", ingest.scope(), Duration.ofMinutes(5)));
        assertThat(badTenant.status()).isEqualTo(403);
    }

    @Test
    void healthMetricsAndTheApiDocumentNeedNoToken() {
        assertThat(SERVICE.get("/observe/health", null).status()).isEqualTo(200);
        assertThat(SERVICE.get("/observe/metrics", null).status()).isEqualTo(200);
        assertThat(SERVICE.get("/openapi", null).status()).isEqualTo(200);
    }

    private static String unsigned(String tenant, String scopes) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String payload = b64.encodeToString(("{\"sub\":\"x\",\"iss\":\"" + TestKeys.ISSUER + "\",\"aud\":\""
                + TestKeys.AUDIENCE + "\",\"exp\":" + exp + ",\"tenant\":\"" + tenant + "\",\"scope\":\"" + scopes
                + "\"}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        String payload = new String(decoder.decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"tenant\":\"[^\"]*\"", "\"tenant\":\"victim\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
