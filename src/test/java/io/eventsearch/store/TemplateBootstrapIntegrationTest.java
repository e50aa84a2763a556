package io.eventsearch.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.Json;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateBootstrapIntegrationTest {

    private final ObjectMapper mapper = Json.mapper();
    private final StreamCatalog catalog = StreamCatalog.load(mapper);

    @Test
    void appliesEveryTemplateOnceAndAgainOnlyWhenTheVersionDiffers() throws Exception {
        TestService.shared(); // its start-up applied the templates
        OpenSearchClient client = OpenSearchClients.create(
                OpenSearchSettings.from(TestService.config(java.util.Map.of("opensearch.url",
                        TestOpenSearch.url().toString())).get("opensearch")), mapper);
        TemplateBootstrap bootstrap = new TemplateBootstrap(client, mapper);

        for (StreamDefinition stream : catalog.all()) {
            assertThat(bootstrap.installedVersion(stream)).isEqualTo(stream.templateVersion());
        }
        assertThat(bootstrap.apply(catalog.all())).isEmpty();

        StreamDefinition audit = catalog.get("audit");
        var downgrade = TestOpenSearch.raw("PUT", "/_index_template/" + audit.templateName(),
                "{\"index_patterns\":[\"events-audit-*\"],\"priority\":100,\"version\":0}");
        assertThat(downgrade.statusCode()).as(downgrade.body()).isEqualTo(200);
        assertThat(bootstrap.apply(catalog.all())).containsExactly(audit.templateName());

        JsonNode installed = mapper.readTree(TestOpenSearch.raw("GET", "/_index_template/events-audit", null).body());
        JsonNode template = installed.at("/index_templates/0/index_template");
        assertThat(template.get("version").asInt()).isEqualTo(audit.templateVersion());
        assertThat(template.at("/template/mappings/dynamic").asText()).isEqualTo("strict");
        assertThat(template.at("/template/aliases").has("events-audit")).isTrue();
    }

    @Test
    void releaseDownloadIndicesMapTheLocationAsAGeoPointForDashboards() throws Exception {
        TestService.shared();
        JsonNode installed = mapper.readTree(
                TestOpenSearch.raw("GET", "/_index_template/events-release-downloads", null).body());
        assertThat(installed.at("/index_templates/0/index_template/template/mappings/properties/location/properties/point/type")
                .asText()).isEqualTo("geo_point");
    }
}
