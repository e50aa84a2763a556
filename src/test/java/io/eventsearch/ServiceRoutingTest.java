package io.eventsearch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.security.Scope;
import io.eventsearch.security.TokenIssuer;
import io.eventsearch.testing.TestKeys;
import io.eventsearch.testing.TestService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's routes, in memory through Helidon's direct client: every answer that needs no stored event (401,
 * 403, 405, 404, 400) comes in the error shape of the API it belongs to. The routes under test are read from the
 * APIs' own declarations, so a new API is covered the day it is wired. The wiring is the real one, pointed at an
 * address where no OpenSearch listens: none of these answers may depend on the store.
 */
@RoutingTest
class ServiceRoutingTest {

    private static final Path JWK = TestKeys.newJwkSet("routing-key");
    private static final Main.Wiring WIRING = Main.wire(TestService.config(Map.of(
            "opensearch.url", "http://127.0.0.1:9",
            "auth.jwk.path", JWK.toString(),
            "auth.issuer", TestKeys.ISSUER,
            "auth.audience", TestKeys.AUDIENCE)));
    private static final TokenIssuer TOKENS = TestKeys.issuer(JWK);
    private static final List<String> ALL_SCOPES = List.of(Scope.RELEASE_DOWNLOAD_READ, Scope.HUB_READ,
            Scope.AUDIT_READ, Scope.EVENTS_WRITE, Scope.API_KEYS_WRITE);
    private static final List<Method> METHODS = List.of(Method.GET, Method.POST, Method.PUT, Method.DELETE,
            Method.PATCH);

    private final DirectClient client;

    ServiceRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, WIRING);
    }

    @AfterAll
    static void close() {
        Main.close(WIRING.resources());
    }

    /** Every declared endpoint of every API, with its path made concrete. */
    static Stream<Arguments> endpoints() {
        return WIRING.apis().stream().flatMap(api -> api.endpoints().stream()
                .map(endpoint -> Arguments.of(api.mount(), endpoint.method(), endpoint.fullPath(api.mount()))));
    }

    /** Every routed path of every API with the methods it does not serve. */
    static Stream<Arguments> refusedMethods() {
        return WIRING.apis().stream().flatMap(api -> api.paths().stream().flatMap(path -> {
            List<Method> served = api.endpoints().stream().filter(e -> e.fullPath(api.mount()).equals(path))
                    .map(Endpoint::method).toList();
            return METHODS.stream().filter(m -> !served.contains(m)).map(m -> Arguments.of(api.mount(), m, path,
                    String.join(", ", served.stream().map(Method::text).toList())));
        }));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("endpoints")
    void everyEndpointAnswers401WithoutAToken(String mount, Method method, String path) {
        Answer answer = call(method, concrete(path), null);
        answer.assertError(api(mount), 401);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo(api(mount).authenticator().challenge());
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("endpoints")
    void everyEndpointAnswers401ForATokenItCannotVerify(String mount, Method method, String path) {
        call(method, concrete(path), "not-a-token").assertError(api(mount), 401);
        String foreign = TestKeys.issuer(TestKeys.newJwkSet("other")).issue("x", "acme",
                String.join(" ", ALL_SCOPES), Duration.ofMinutes(5));
        call(method, concrete(path), foreign).assertError(api(mount), 401);
    }

    /** The endpoints that demand a scope (bearer-token APIs; API keys carry none). */
    static Stream<Arguments> scopedEndpoints() {
        return endpoints().filter(arguments -> {
            Object[] values = arguments.get();
            return api((String) values[0]).endpoints().stream().anyMatch(e -> e.method().equals(values[1])
                    && e.fullPath((String) values[0]).equals(values[2]) && e.scope() != null);
        });
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("scopedEndpoints")
    void everyEndpointAnswers403WithoutItsScopeAndLetsItsScopeThrough(String mount, Method method, String path) {
        Endpoint endpoint = api(mount).endpoints().stream()
                .filter(e -> e.method().equals(method) && e.fullPath(mount).equals(path)).findFirst().orElseThrow();
        String others = String.join(" ", ALL_SCOPES.stream().filter(s -> !s.equals(endpoint.scope())).toList());
        Answer without = call(method, concrete(path), TOKENS.issue("x", "acme", others, Duration.ofMinutes(5)));
        without.assertError(api(mount), 403);
        assertThat(without.body()).contains(endpoint.scope());

        Answer with = call(method, concrete(path), TOKENS.issue("x", "acme", endpoint.scope(), Duration.ofMinutes(5)));
        assertThat(with.status()).as(with.body()).isNotIn(401, 403);
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("endpoints")
    void twoCredentialsInOneRequestAre400(String mount, Method method, String path) {
        String token = TOKENS.issue("x", "acme", String.join(" ", ALL_SCOPES), Duration.ofMinutes(5));
        String other = TOKENS.issue("x", "other-tenant", String.join(" ", ALL_SCOPES), Duration.ofMinutes(5));
        String header = api(mount).authenticator().credentialHeader();
        Http1ClientRequest request = client.method(method).path(concrete(path)).header(HeaderNames.create(header),
                header.equals("Authorization") ? "Bearer " + token : "esk_one",
                header.equals("Authorization") ? "Bearer " + other : "esk_two");
        Answer answer = send(request);
        answer.assertError(api(mount), 400);
        assertThat(answer.body()).contains("more than one " + header + " header");
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("refusedMethods")
    void otherMethodsAnswer405WithAllow(String mount, Method method, String path, String allowed) {
        Answer answer = call(method, concrete(path), null);
        answer.assertError(api(mount), 405);
        assertThat(answer.header("Allow")).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void anUnknownPathUnderAnApiIs404InItsShape(String mount) {
        Answer answer = call(Method.GET, mount + "/no/such/thing", null);
        answer.assertError(api(mount), 404);
        assertThat(answer.json().toString()).contains("nothing is served at " + mount + "/no/such/thing");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/nothing/here", "/v3/unknown", "/admin", "/", "/v3", "/ingest"})
    void anUnknownPathOutsideTheApisIs404InTheServicesOwnShape(String path) {
        Answer answer = call(Method.GET, path, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.json().at("/error/status").asInt()).isEqualTo(404);
        assertThat(answer.json().at("/error/message").asText()).startsWith("nothing is served at");
    }

    @Test
    void everyApiIsDeclaredWithAtLeastOneEndpointAndAnErrorShape() {
        assertThat(WIRING.apis()).isNotEmpty().allSatisfy(api -> {
            assertThat(api.endpoints()).isNotEmpty();
            assertThat(api.errorShape().render(new ApiException(400, "m", "p"), WIRING.json())).isNotNull();
        });
    }

    private static ApiService api(String mount) {
        return WIRING.apis().stream().filter(api -> api.mount().equals(mount)).findFirst().orElseThrow();
    }

    /** A path template with every {parameter} filled in. */
    private static String concrete(String path) {
        return path.replaceAll("\\{[^}]+}", "release-downloads");
    }

    private Answer call(Method method, String path, String token) {
        Http1ClientRequest request = client.method(method).path(path);
        if (token != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        return send(request);
    }

    private static Answer send(Http1ClientRequest request) {
        try (Http1ClientResponse response = request.request()) {
            String body = response.entity().hasEntity() ? response.as(String.class) : "";
            Map<String, String> headers = new java.util.HashMap<>();
            response.headers().forEach(h -> headers.put(h.name(), h.get()));
            return new Answer(response.status().code(), body, headers);
        }
    }

    private record Answer(int status, String body, Map<String, String> headers) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return WIRING.json().mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The status, and a body with exactly the fields of the API's error shape, carrying the same status. */
        void assertError(ApiService api, int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            assertThat(header("Content-Type")).startsWith("application/json");
            JsonNode probe = WIRING.json().mapper().valueToTree(
                    api.errorShape().render(new ApiException(expected, "probe", null), WIRING.json()));
            JsonNode actual = json();
            Set<String> fields = leaves(actual);
            fields.removeIf(pointer -> pointer.endsWith("/parameter"));
            assertThat(fields).as(body).isEqualTo(leaves(probe));
            for (String pointer : leaves(probe)) {
                if (probe.at(pointer).isInt() && probe.at(pointer).asInt() == expected) {
                    assertThat(actual.at(pointer).asInt()).as(body).isEqualTo(expected);
                }
            }
        }

        private static Set<String> leaves(JsonNode node) {
            Set<String> pointers = new TreeSet<>();
            collect("", node, pointers);
            return pointers;
        }

        private static void collect(String prefix, JsonNode node, Set<String> into) {
            if (!node.isObject()) {
                into.add(prefix);
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
            fields.forEachRemaining(all::add);
            all.forEach(field -> collect(prefix + "/" + field.getKey(), field.getValue(), into));
        }
    }
}
