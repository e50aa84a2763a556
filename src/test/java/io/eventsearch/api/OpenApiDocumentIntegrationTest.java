package io.eventsearch.api;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document served at /openapi names exactly the paths the service routes. */
class OpenApiDocumentIntegrationTest {

    @Test
    void documentedPathsAreTheRoutedPaths() throws Exception {
        TestService service = TestService.shared();
        TestService.Reply reply = service.get("/openapi", null);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(reply.body());

        Set<String> documented = new HashSet<>();
        document.get("paths").fieldNames().forEachRemaining(documented::add);
        Set<String> routed = new HashSet<>();
        service.apis().forEach(api -> routed.addAll(api.paths()));

        assertThat(documented).isEqualTo(routed);
    }
}
