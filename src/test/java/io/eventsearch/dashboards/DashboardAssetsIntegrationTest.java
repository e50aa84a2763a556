package io.eventsearch.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.Json;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds every saved object of dashboards/event-search.ndjson against the live cluster, since Dashboards itself
 * cannot run here: the format Dashboards imports, references that resolve inside the file, index patterns whose
 * field lists are the mappings' (so a changed template makes this fail until generate.py is run again), and for
 * each visualization its fields aggregatable and its aggregation, sent to OpenSearch, answering buckets over
 * events ingested through the service.
 */
class DashboardAssetsIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final Path FILE = Path.of(System.getProperty("user.dir"), "dashboards", "event-search.ndjson");
    private static final Set<String> BUCKET_AGGS = Set.of("date_histogram", "terms", "geohash_grid");
    private static List<JsonNode> objects;

    @BeforeAll
    static void seedAndRead() throws IOException {
        ingest("release-downloads", """
                [{"id":"d1","createdAt":"2024-04-01T10:00:00Z","statusCode":200,"releaseVersion":"1.0","releaseFileName":"app.dmg","location":{"ipAddress":"81.2.69.142"}},
                 {"id":"d2","createdAt":"2024-04-02T10:00:00Z","statusCode":403,"errorCode":"LICENSE_EXPIRED","releaseVersion":"1.0","releaseFileName":"app.exe","location":{"ipAddress":"89.160.20.128"}}]""");
        ingest("audit", """
                [{"id":"a1","eventTime":"2024-04-01T10:00:00Z","appId":"app","userName":"alice","targetName":"Bob","action":"update"}]""");
        ingest("hub", """
                [{"id":"1","timestamp":1711965600000,"type":"CREATED","author":"a-1","authorPresentation":"John Smith"}]""");
        ingest("api-usage", "[{\"id\":\"u1\",\"type\":\"queue_created\"}]");
        objects = new ArrayList<>();
        for (String line : Files.readAllLines(FILE)) {
            objects.add(Json.mapper().readTree(line));
        }
    }

    private static void ingest(String stream, String events) {
        Reply stored = SERVICE.postJson("/ingest/" + stream + "?refresh=wait_for", SERVICE.token(TENANT, "events:write"),
                events);
        assertThat(stored.json().get("rejected").asInt()).as(stored.body()).isZero();
    }

    private static List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.path("type").asText().equals(type)).toList();
    }

    private static JsonNode parsed(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Test
    void everyObjectHasTheExportFormatAndEveryReferenceResolvesInsideTheFile() {
        assertThat(ofType("index-pattern")).hasSize(4);
        assertThat(ofType("dashboard")).extracting(d -> d.at("/attributes/title").asText())
                .containsExactlyInAnyOrder("Release downloads", "Audit", "Hub events");
        Set<String> present = new HashSet<>();
        for (JsonNode object : objects) {
            assertThat(object.fieldNames()).toIterable().contains("id", "type", "attributes", "references");
            assertThat(present.add(object.get("type").asText() + "/" + object.get("id").asText()))
                    .as("unique " + object.get("id")).isTrue();
        }
        for (JsonNode object : objects) {
            for (JsonNode reference : object.get("references")) {
                assertThat(present).as(object.get("id") + " refers to " + reference)
                        .contains(reference.get("type").asText() + "/" + reference.get("id").asText());
            }
        }
        for (JsonNode dashboard : ofType("dashboard")) {
            Set<String> names = new HashSet<>();
            dashboard.get("references").forEach(r -> names.add(r.get("name").asText()));
            JsonNode panels = parsed(dashboard.at("/attributes/panelsJSON").asText());
            assertThat(panels.size()).isPositive();
            panels.forEach(panel -> assertThat(names).contains(panel.get("panelRefName").asText()));
        }
    }

    @Test
    void indexPatternsListExactlyTheFieldsOfTheMappingsWithTheirTypes() {
        for (JsonNode pattern : ofType("index-pattern")) {
            String title = pattern.at("/attributes/title").asText();
            Map<String, String> listed = new TreeMap<>();
            Map<String, Boolean> aggregatable = new HashMap<>();
            for (JsonNode field : parsed(pattern.at("/attributes/fields").asText())) {
                if (!field.get("name").asText().startsWith("_")) {
                    listed.put(field.get("name").asText(), field.at("/esTypes/0").asText());
                    aggregatable.put(field.get("name").asText(), field.get("aggregatable").asBoolean());
                }
            }
            Map<String, String> mapped = new TreeMap<>();
            fieldCaps(title).fields().forEachRemaining(entry -> entry.getValue().fields().forEachRemaining(caps -> {
                if (!entry.getKey().startsWith("_") && !caps.getKey().equals("object")) {
                    mapped.put(entry.getKey(), caps.getKey());
                    assertThat(aggregatable.get(entry.getKey())).as(title + " " + entry.getKey())
                            .isEqualTo(caps.getValue().get("aggregatable").asBoolean());
                }
            }));
            assertThat(mapped).as(title + " in _field_caps").containsKeys("tenant", "@timestamp", "@key", "id");
            assertThat(listed).as(title + ": run dashboards/generate.py after changing a template").isEqualTo(mapped);
            assertThat(mapped.get(pattern.at("/attributes/timeFieldName").asText())).as(title + " time field")
                    .isEqualTo("date");
        }
    }

    @Test
    void everyVisualizationAggregatesFieldsThatAreAggregatableAndGetsBucketsFromOpenSearch() {
        Map<String, String> titles = new HashMap<>();
        ofType("index-pattern").forEach(p -> titles.put(p.get("id").asText(), p.at("/attributes/title").asText()));
        assertThat(ofType("visualization")).hasSize(13);
        for (JsonNode vis : ofType("visualization")) {
            String name = vis.at("/attributes/title").asText();
            JsonNode search = parsed(vis.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
            String patternId = null;
            for (JsonNode reference : vis.get("references")) {
                if (reference.get("name").asText().equals(search.path("indexRefName").asText())) {
                    patternId = reference.get("id").asText();
                }
            }
            assertThat(patternId).as(name + ": its searchSourceJSON names its index pattern").isNotNull();
            String index = titles.get(patternId);
            JsonNode caps = fieldCaps(index);
            JsonNode state = parsed(vis.at("/attributes/visState").asText());
            List<JsonNode> buckets = new ArrayList<>();
            for (JsonNode agg : state.get("aggs")) {
                String field = agg.at("/params/field").asText("");
                if (!field.isEmpty()) {
                    assertThat(caps.at("/" + field).elements().next().get("aggregatable").asBoolean())
                            .as(name + ": " + field + " aggregatable in " + index).isTrue();
                }
                if (BUCKET_AGGS.contains(agg.get("type").asText())) {
                    buckets.add(agg);
                }
            }
            assertThat(buckets).as(name + " has a bucket aggregation").isNotEmpty();
            JsonNode answer = search(index, search.get("filter"), buckets);
            assertThat(answer.at("/aggregations/a0/buckets").size()).as(name + ": buckets from " + answer).isPositive();
        }
    }

    /** The aggregations Dashboards sends for the visualization's bucket aggs (nested in order), over our tenant. */
    private static JsonNode search(String index, JsonNode filters, List<JsonNode> buckets) {
        ObjectNode body = Json.mapper().createObjectNode().put("size", 0);
        ArrayNode must = body.putObject("query").putObject("bool").putArray("filter");
        must.addObject().putObject("term").put("tenant", TENANT);
        filters.forEach(filter -> must.addObject().set("range", filter.get("range")));
        ObjectNode level = body;
        for (int i = 0; i < buckets.size(); i++) {
            JsonNode agg = buckets.get(i);
            ObjectNode spec = level.putObject("aggs").putObject("a" + i);
            String field = agg.at("/params/field").asText();
            switch (agg.get("type").asText()) {
                case "date_histogram" -> spec.putObject("date_histogram").put("field", field).put("fixed_interval", "1d")
                        .put("min_doc_count", agg.at("/params/min_doc_count").asInt(1));
                case "terms" -> spec.putObject("terms").put("field", field).put("size", agg.at("/params/size").asInt());
                case "geohash_grid" -> {
                    spec.putObject("geohash_grid").put("field", field).put("precision", agg.at("/params/precision").asInt());
                    if (agg.at("/params/useGeocentroid").asBoolean()) {
                        spec.putObject("aggs").putObject("centroid").putObject("geo_centroid").put("field", field);
                    }
                }
                default -> throw new AssertionError("no translation for " + agg);
            }
            level = spec;
        }
        var response = TestOpenSearch.raw("POST", "/" + index + "/_search", body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parsed(response.body());
    }

    private static JsonNode fieldCaps(String index) {
        var response = TestOpenSearch.raw("GET", "/" + index + "/_field_caps?fields=*", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parsed(response.body()).get("fields");
    }

    @Test
    void theImportRequestCarriesTheFileAsDashboardsExpectsIt() throws IOException {
        String body = new String(DashboardsImportCommand.multipart("b", FILE), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).startsWith("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"event-search.ndjson\"")
                .endsWith("\r\n--b--\r\n").contains(Files.readString(FILE));
        assertThat(DashboardsImportCommand.report(200, "{\"success\":true,\"successCount\":1,\"successResults\":"
                + "[{\"type\":\"dashboard\",\"id\":\"audit-dashboard\",\"meta\":{\"title\":\"Audit\"}}]}")).isZero();
        assertThat(DashboardsImportCommand.report(200, "{\"success\":false,\"successCount\":0,\"errors\":"
                + "[{\"type\":\"visualization\",\"id\":\"x\",\"error\":{\"type\":\"conflict\"}}]}")).isEqualTo(1);
        assertThat(DashboardsImportCommand.report(401, "{}")).isEqualTo(1);
    }
}
