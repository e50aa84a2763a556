package io.eventsearch.api.usage;

import java.net.http.HttpRequest;

import io.eventsearch.security.ApiKeys;
import io.eventsearch.store.ApiKeyIndex;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** /admin/api-keys against the real OpenSearch: create, list, revoke, per tenant; keys stored only as hashes. */
class ApiKeysIntegrationTest {

    private static final TestService SERVICE = TestService.shared();

    private static Reply revoke(String id, String token) {
        return SERVICE.send(HttpRequest.newBuilder(SERVICE.uri("/admin/api-keys/" + id)).DELETE(), token);
    }

    @Test
    void createsListsAndRevokesKeysOfTheTokensTenant() {
        String tenant = TestService.newTenant();
        String admin = SERVICE.token(tenant, "apiKeys:write");
        Reply created = SERVICE.postJson("/admin/api-keys", admin, "{\"name\":\" deploy bot \"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/admin/api-keys/" + id);
        assertThat(created.json().get("name").asText()).isEqualTo("deploy bot");
        assertThat(created.json().get("key").asText()).matches("esk_[A-Za-z0-9_-]{43}");
        assertThat(created.json().get("createdAt").asText()).endsWith("Z");

        Reply listed = SERVICE.get("/admin/api-keys", admin);
        assertThat(listed.json().get("keys")).hasSize(1);
        assertThat(listed.json().at("/keys/0/id").asText()).isEqualTo(id);
        assertThat(listed.body()).doesNotContain(created.json().get("key").asText()).doesNotContain("\"key\"");

        assertThat(revoke(id, SERVICE.token(TestService.newTenant(), "apiKeys:write")).status())
                .as("another tenant's key").isEqualTo(404);
        assertThat(revoke(id, admin).status()).isEqualTo(204);
        assertThat(revoke(id, admin).status()).as("already revoked").isEqualTo(404);
        assertThat(SERVICE.get("/admin/api-keys", admin).json().get("keys")).isEmpty();

        Reply events = SERVICE.get("/v1/events", null);
        assertThat(events.status()).isEqualTo(401);
    }

    @Test
    void aKeyIsStoredOnlyAsItsHash() {
        String tenant = TestService.newTenant();
        String key = SERVICE.postJson("/admin/api-keys", SERVICE.token(tenant, "apiKeys:write"), "{\"name\":\"h\"}")
                .json().get("key").asText();
        var stored = TestOpenSearch.raw("GET", "/" + ApiKeyIndex.INDEX + "/_doc/" + ApiKeys.hash(key), null);
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.body()).contains(tenant).doesNotContain(key).doesNotContain(key.substring(4));
        var everything = TestOpenSearch.raw("GET", "/" + ApiKeyIndex.INDEX + "/_search?size=1000", null);
        assertThat(everything.body()).doesNotContain(key.substring(4));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":7}", "{\"name\":\"x\",\"scope\":\"all\"}",
            "[\"x\"]", "not json", "{\"name\":\"a\\u0000b\"}"})
    void refusesABodyWithoutAUsableName(String body) {
        Reply reply = SERVICE.postJson("/admin/api-keys", SERVICE.token(TestService.newTenant(), "apiKeys:write"), body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/error/status").asInt()).isEqualTo(400);
    }

    @Test
    void anEmptyBodyOrAParameterIsA400() {
        String admin = SERVICE.token(TestService.newTenant(), "apiKeys:write");
        assertThat(SERVICE.post("/admin/api-keys", admin, "application/json", "").status()).isEqualTo(400);
        assertThat(SERVICE.get("/admin/api-keys?tenant=other", admin).status()).isEqualTo(400);
    }
}
