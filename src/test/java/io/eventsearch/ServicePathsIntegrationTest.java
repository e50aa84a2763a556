package io.eventsearch;

import java.net.http.HttpRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The paths outside the APIs, on the real server: health, metrics, the OpenAPI document, and paths nothing serves. */
class ServicePathsIntegrationTest {

    private static final TestService SERVICE = TestService.shared();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"POST, /openapi", "PUT, /openapi", "DELETE, /observe/health", "POST, /observe/metrics",
            "PATCH, /observe/health/ready"})
    void theReadOnlyPathsAnswerOtherMethods405WithAllow(String method, String path) {
        Reply reply = SERVICE.send(HttpRequest.newBuilder(SERVICE.uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(405);
        assertThat(reply.header("Allow")).isEqualTo("GET");
        assertThat(reply.json().at("/error/status").asInt()).isEqualTo(405);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/observe/unknown", "/nothing/here", "/v3/unknown", "/admin"})
    void aPathNothingServesIs404WithAJsonBody(String path) {
        Reply reply = SERVICE.get(path, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        assertThat(reply.json().at("/error/message").asText()).isEqualTo("nothing is served at " + path);
    }

    @Test
    void theOpenApiDocumentHasNoKeysMadeByAccident() throws Exception {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(SERVICE.get("/openapi", null).body());
        // An unquoted "text, more: text" in YAML becomes a key with a null value instead of a description.
        assertThat(document.findParents("description")).allSatisfy(parent -> {
            JsonNode description = parent.get("description");
            assertThat(description.isObject() || description.isTextual()).as(parent.toString()).isTrue();
        });
        assertThat(nulls(document)).isZero();
    }

    private static int nulls(JsonNode node) {
        if (node.isNull()) {
            return 1;
        }
        int count = 0;
        for (JsonNode child : node) {
            count += nulls(child);
        }
        return count;
    }
}
