package io.eventsearch.store;

import java.util.function.Supplier;

import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search on which one shard fails still answers 200 from OpenSearch, with that shard's events missing. The service
 * answers 503 instead of serving such a partial answer as whole. Here one index of the stream maps a field unlike
 * the others (made by hand; ingest never could), so a search that aggregates or sorts on it fails on that index
 * alone.
 */
class PartialAnswerIntegrationTest {

    /** A month before ingest's time window: no event of any test lands in it. */
    private static final String ROGUE = "events-release-downloads-1998.01";

    private final TestService service = TestService.shared();
    private final String tenant = TestService.newTenant();

    @Test
    void aSearchWithAFailedShardIs503NotAPartialAnswer() {
        String token = service.token(tenant, "events:read");
        // A keyword point cannot be mapped in tiles.
        assertPartialIs503("{\"location\":{\"properties\":{\"point\":{\"type\":\"keyword\"}}}}",
                () -> service.get("/api/events/aggregate?geo=tile", token));
    }

    @Test
    void aListingPageWithAFailedShardIs503NotAPartialPage() {
        String token = service.token(tenant, "releaseDownloadEvent:read");
        // A text field cannot be sorted on: the rogue index's shard fails the page's sort by time.
        assertPartialIs503("{\"createdAt\":{\"type\":\"text\"}}",
                () -> service.get("/v3/release-download-events", token));
    }

    /** The request answers 200 before the rogue index exists, and 503 with Retry-After while it does. */
    private void assertPartialIs503(String rogueProperties, Supplier<Reply> request) {
        assertThat(request.get().status()).isEqualTo(200);
        var created = TestOpenSearch.raw("PUT", "/" + ROGUE, "{\"mappings\":{\"properties\":" + rogueProperties + "}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        try {
            Reply partial = request.get();
            assertThat(partial.status()).as(partial.body()).isEqualTo(503);
            assertThat(partial.body()).contains("unavailable"); // in the error shape of the API asked
            assertThat(partial.header("Retry-After")).isNotNull();
        } finally {
            TestOpenSearch.raw("DELETE", "/" + ROGUE, null);
        }
    }
}
