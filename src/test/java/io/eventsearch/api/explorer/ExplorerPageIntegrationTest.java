package io.eventsearch.api.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;

import io.eventsearch.testing.RawHttp;
import io.eventsearch.testing.TestKeys;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explorer's files and its development tokens over HTTP: what the page is served with, what it refuses, and
 * the conditions under which a development token is handed out (and refused).
 */
class ExplorerPageIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static TestService development;

    @BeforeAll
    static void start() {
        development = TestService.start(Map.of("ui.dev.token", "true"), TestKeys.newJwkSet(DevTokens.DEV_KEY_ID));
    }

    @AfterAll
    static void stop() {
        development.close();
    }

    @Test
    void thePageIsServedWithAPolicyThatAllowsOnlyItsOwnScriptsAndThisService() {
        Reply page = SERVICE.get("/ui/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(ExplorerPage.CONTENT_SECURITY_POLICY)
                .contains("script-src 'self'").contains("connect-src 'self'").doesNotContain("unsafe");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.body()).contains("<script type=\"module\" src=\"explorer.js\"></script>")
                .doesNotContain("<script>").doesNotContain("style=");

        Reply script = SERVICE.get("/ui/explorer.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        Reply redirect = SERVICE.send(HttpRequest.newBuilder(SERVICE.uri("/ui")).GET(), null);
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("/ui/");
    }

    @Test
    void theMapsCountryShapesAreBuiltIntoThePage() {
        Reply shapes = SERVICE.get("/ui/countries.json", null);
        assertThat(shapes.status()).as("scripts/run and scripts/test build them from npm packages").isEqualTo(200);
        assertThat(shapes.json().get("countries").size()).isGreaterThan(200);
        assertThat(shapes.json().get("countries").findValuesAsText("code")).contains("US", "DE", "CN", "BR", "SG");
    }

    @Test
    void anUnchangedFileIsAnsweredNotModified() {
        Reply first = SERVICE.get("/ui/explorer.css", null);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"");
        Reply again = SERVICE.send(HttpRequest.newBuilder(SERVICE.uri("/ui/explorer.css"))
                .header("If-None-Match", etag).GET(), null);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/nothing.js", "/ui/application.yaml", "/ui/..%2fapplication.yaml",
            "/ui/%2e%2e/%2e%2e/etc/passwd", "/ui/.hidden.js", "/ui/a/b.js", "/ui/INDEX.HTML", "/ui/index.html%00.js"})
    void onlyThePagesOwnFilesAreServed(String path) {
        var answer = RawHttp.exchange(SERVICE.port(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").only();
        assertThat(answer.status()).as(path).isIn(400, 404);
        assertThat(answer.body()).contains("\"error\"").doesNotContain("root:").doesNotContain("opensearch:");
    }

    @Test
    void otherMethodsAre405WithAllow() {
        Reply post = SERVICE.post("/ui/explorer.js", null, "text/plain", "x");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET");
        assertThat(post.json().at("/error/status").asInt()).isEqualTo(405);
        Reply delete = SERVICE.send(HttpRequest.newBuilder(SERVICE.uri("/ui/dev-token")).DELETE(), null);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("Allow")).isEqualTo("GET, POST");
    }

    @Test
    void aServiceWithoutTheSettingOffersNoDevelopmentToken() {
        assertThat(SERVICE.get("/ui/dev-token", null).status()).isEqualTo(404);
        Reply post = SERVICE.postJson("/ui/dev-token", null, "{\"tenant\":\"acme\"}");
        assertThat(post.status()).isEqualTo(404);
        assertThat(post.body()).doesNotContain("token\":\"ey");
    }

    @Test
    void aServiceWithTheSettingButAnotherKeyOffersNone() {
        try (TestService other = TestService.start(Map.of("ui.dev.token", "true"), TestKeys.newJwkSet("production"))) {
            assertThat(other.get("/ui/dev-token", null).status()).isEqualTo(404);
            assertThat(other.postJson("/ui/dev-token", null, "{\"tenant\":\"acme\"}").status()).isEqualTo(404);
        }
    }

    @Test
    void aDevelopmentTokenReadsTheTenantsEventsAndNothingMore() {
        String tenant = TestService.newTenant();
        Reply stored = development.postJson("/ingest/audit?refresh=wait_for", development.token(tenant, "events:write"),
                "[{\"id\":\"a1\",\"eventTime\":\"2024-03-01T10:00:00Z\",\"appId\":\"app\",\"action\":\"update\"}]");
        assertThat(stored.json().get("created").asInt()).as(stored.body()).isEqualTo(1);

        assertThat(development.get("/ui/dev-token", null).json().get("available").asBoolean()).isTrue();
        Reply issued = development.postJson("/ui/dev-token", null, "{\"tenant\":\"" + tenant + "\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        assertThat(issued.json().get("scope").asText()).isEqualTo("events:read");
        String token = issued.json().get("token").asText();

        Reply events = development.get("/api/events", token);
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().at("/events/0/id").asText()).isEqualTo("a1");
        assertThat(development.postJson("/ingest/audit", token, "[]").status()).isEqualTo(403);
        assertThat(development.get("/v3/release-download-events", token).status()).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "a b", "-lead", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ü"})
    void aTenantThatIsNotAPlainNameIs400(String tenant) {
        Reply reply = development.postJson("/ui/dev-token", null,
                "{\"tenant\":" + development.mapper().valueToTree(tenant) + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/error/parameter").asText()).isEqualTo("tenant");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithItsReason() {
        Reply text = development.post("/ui/dev-token", null, "text/plain", "tenant=acme");
        assertThat(text.status()).isEqualTo(415);
        Reply broken = development.post("/ui/dev-token", null, "application/json", "{\"tenant\":");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().at("/error/message").asText()).contains("not JSON");
        Reply missing = development.post("/ui/dev-token", null, "application/json", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/error/parameter").asText()).isEqualTo("tenant");
    }

    /**
     * A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) reaches the service from a loopback
     * peer, but with its own name in Host and Origin: it gets no token.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Host: evil.example", "Host: 127.0.0.1.evil.example",
            "Host: localhost\r\nOrigin: http://evil.example", "Host: [::1]\r\nOrigin: null", "Host: [evil.example]"})
    void aRequestNamingAnotherHostOrOriginGetsNoToken(String headers) {
        String body = "{\"tenant\":\"acme\"}";
        var answer = RawHttp.exchange(development.port(), "POST /ui/dev-token HTTP/1.1\r\n" + headers
                + "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body).only();
        assertThat(answer.status()).as(headers).isIn(400, 404); // Helidon itself refuses a Host it cannot parse
        assertThat(answer.body()).doesNotContain("\"token\"");
    }

    @Test
    void aRequestFromThisMachineByItsLoopbackNamesGetsOne() {
        String body = "{\"tenant\":\"acme\"}";
        for (String headers : new String[] {"Host: localhost:8080\r\nOrigin: http://localhost:8080",
                "Host: 127.0.0.1", "Host: [::1]:8080"}) {
            var answer = RawHttp.exchange(development.port(), "POST /ui/dev-token HTTP/1.1\r\n" + headers
                    + "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).only();
            assertThat(answer.status()).as(headers).isEqualTo(200);
            assertThat(answer.body()).contains("\"token\":\"ey");
        }
    }
}
