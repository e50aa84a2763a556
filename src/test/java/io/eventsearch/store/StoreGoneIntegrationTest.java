package io.eventsearch.store;

import java.util.Map;

import io.eventsearch.testing.CuttableProxy;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSearch goes away after the service started: ingest answers 503 listing the events it did not store, reads
 * answer 503 in their API's shape, health goes down; when the store is back, the same batch is stored once.
 */
class StoreGoneIntegrationTest {

    @Test
    void losingTheStoreLosesNoAcknowledgedEventAndRecoveryStoresTheBatchOnce() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(TestOpenSearch.url());
             TestService service = TestService.start(Map.of(
                     "opensearch.url", proxy.uri().toString(),
                     "opensearch.retry.attempts", "2",
                     "opensearch.retry.backoff.first", "10"))) {
            String tenant = TestService.newTenant();
            String write = service.token(tenant, "events:write");
            String read = service.token(tenant, "releaseDownloadEvent:read");
            String batch = "[{\"id\":\"g-1\",\"createdAt\":\"2024-04-01T00:00:00Z\"},"
                    + "{\"id\":\"g-2\",\"createdAt\":\"2024-04-02T00:00:00Z\"}]";
            assertThat(service.get("/observe/health", null).status()).isEqualTo(200);

            proxy.cut();
            Reply lost = service.postJson("/ingest/release-downloads", write, batch);
            assertThat(lost.status()).as(lost.body()).isEqualTo(503);
            assertThat(lost.header("Retry-After")).isNotBlank();
            assertThat(lost.json().get("notStored").asInt()).isEqualTo(2);
            assertThat(lost.json().get("created").asInt()).isZero();
            assertThat(lost.json().at("/items/0/reason").asText()).contains("unreachable");

            Reply listing = service.get("/v3/release-download-events", read);
            assertThat(listing.status()).isEqualTo(503);
            assertThat(listing.json().get("error").asText()).isEqualTo("Service Unavailable");
            assertThat(service.get("/observe/health", null).status()).isEqualTo(503);

            proxy.restore();
            Reply stored = service.postJson("/ingest/release-downloads?refresh=wait_for", write, batch);
            assertThat(stored.status()).as(stored.body()).isEqualTo(200);
            assertThat(stored.json().get("created").asInt()).isEqualTo(2);
            assertThat(service.get("/v3/release-download-events", read).ids()).containsExactly("g-1", "g-2");
        }
    }
}
