package io.eventsearch.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.Json;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.testing.RetryingProducer;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/reindex against the real OpenSearch, while producers keep sending events to the index being moved:
 * every acknowledged event is in the new index once, readers see it, and ingest writes there afterwards.
 */
class ReindexIntegrationTest {

    /** A month no other test writes to. */
    private static final String MONTH = "events-audit-2002.07";
    private static final TestService SERVICE = TestService.shared();
    private static final StreamDefinition AUDIT = StreamCatalog.load(Json.mapper()).get(StreamCatalog.AUDIT);

    @AfterAll
    static void dropTheMonth() {
        TestOpenSearch.raw("DELETE", "/" + MONTH, null); // the alias: deletes the index it names
        TestOpenSearch.raw("DELETE", "/" + MONTH + "-r" + AUDIT.templateVersion(), null);
    }

    private static String batch(int from, int to) {
        StringBuilder events = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            events.append(i == from ? "" : ",").append("{\"id\":\"m").append(i)
                    .append("\",\"eventTime\":\"2002-07-01T00:00:00Z\",\"appId\":\"app\",\"description\":\"Überweisung\"}");
        }
        return events.append("]").toString();
    }

    @Test
    void movesAnIndexBehindItsTemplateWithoutLosingOrDoublingAnEventWhileIngestGoesOn() throws Exception {
        String tenant = TestService.newTenant();
        // An index written under an older template: its mapping records version 1.
        assertThat(TestOpenSearch.raw("PUT", "/" + MONTH, "{\"mappings\":{\"_meta\":{\"template_version\":1}}}")
                .statusCode()).isEqualTo(200);
        RetryingProducer producer = new RetryingProducer(SERVICE.uri("/ingest/audit"), SERVICE.token(tenant, "events:write"));
        Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>(producer.send(batch(0, 1000))));

        ExecutorService producers = Executors.newFixedThreadPool(2);
        List<Future<?>> sending = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int first = 1000 + p * 2000;
            sending.add(producers.submit(() -> {
                for (int from = first; from < first + 2000; from += 100) {
                    acknowledged.addAll(producer.send(batch(from, from + 100)));
                }
                return null;
            }));
        }
        List<String> progress = new ArrayList<>();
        OpenSearchClient client = OpenSearchClients.create(OpenSearchSettings.from(TestService.config(Map.of(
                "opensearch.url", TestOpenSearch.url().toString())).get("opensearch")), Json.mapper());
        List<Reindexer.Moved> moved;
        try (var transport = client._transport()) {
            moved = new Reindexer(client, Json.mapper(), progress::add).reindex(AUDIT);
            for (Future<?> producing : sending) {
                producing.get();
            }
            producers.shutdown();
            assertThat(new Reindexer(client, Json.mapper(), progress::add).reindex(AUDIT)).as("a second run").isEmpty();
        }

        // Indices other tests left under an older template move too; this test's month is among them.
        Reindexer.Moved month = moved.stream().filter(m -> m.from().equals(MONTH)).findFirst().orElseThrow();
        assertThat(month.to()).isEqualTo(MONTH + "-r" + AUDIT.templateVersion());
        assertThat(acknowledged).hasSize(5000);
        JsonNode aliases = Json.mapper().readTree(TestOpenSearch.raw("GET", "/" + MONTH + "/_alias", null).body());
        assertThat(aliases.fieldNames()).toIterable().containsExactly(month.to());
        assertThat(aliases.path(month.to()).path("aliases").has(MONTH)).isTrue();
        assertThat(aliases.path(month.to()).path("aliases").has(AUDIT.readAlias())).isTrue();

        TestOpenSearch.raw("POST", "/" + MONTH + "/_refresh", null);
        String count = "{\"query\":{\"term\":{\"tenant\":\"" + tenant + "\"}}}";
        JsonNode counted = Json.mapper().readTree(TestOpenSearch.raw("POST", "/" + AUDIT.readAlias() + "/_count", count).body());
        assertThat(counted.get("count").asLong()).as("every acknowledged event once, through the read alias").isEqualTo(5000);
        // The new index has the current analysis: accents fold.
        Reply found = SERVICE.get("/api/events?limit=1&q=" + URLEncoder.encode("uberweisung stream: audit",
                StandardCharsets.UTF_8), SERVICE.token(tenant, "events:read"));
        assertThat(found.json().at("/total/value").asLong()).as(found.body()).isEqualTo(5000);
        assertThat(producer.send(batch(5000, 5001))).containsExactly("m5000");
        assertThat(progress).anyMatch(line -> line.contains(MONTH + " now reads and writes"));
    }
}
