package io.eventsearch.api.releases;

import java.util.Map;

import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Totals are exact up to the configured bound and say so when they are only a lower bound. */
class TotalBoundIntegrationTest {

    private TestService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aTotalPastTheBoundIsReportedAsALowerBoundAndPagingGoesOn() {
        service = TestService.start(Map.of("query.total.bound", "3"));
        String tenant = TestService.newTenant();
        Reply ingest = service.postJson("/ingest/release-downloads?refresh=wait_for", service.token(tenant, "events:write"),
                "[{\"id\":\"a\",\"createdAt\":\"2024-01-01T00:00:00Z\"},{\"id\":\"b\",\"createdAt\":\"2024-01-02T00:00:00Z\"},"
                        + "{\"id\":\"c\",\"createdAt\":\"2024-01-03T00:00:00Z\"},{\"id\":\"d\",\"createdAt\":\"2024-01-04T00:00:00Z\"},"
                        + "{\"id\":\"e\",\"createdAt\":\"2024-01-05T00:00:00Z\"}]");
        assertThat(ingest.json().get("created").asInt()).isEqualTo(5);
        String read = service.token(tenant, "releaseDownloadEvent:read");

        Reply bounded = service.get("/v3/release-download-events?limit=2", read);
        assertThat(bounded.header("X-Total-Count")).isEqualTo("3");
        assertThat(bounded.header("X-Total-Count-Relation")).isEqualTo("gte");
        assertThat(bounded.header("Link")).contains("rel=\"next\"").doesNotContain("rel=\"last\"");

        Reply exact = service.get("/v3/release-download-events?limit=2&id[in]=a,b", read);
        assertThat(exact.header("X-Total-Count")).isEqualTo("2");
        assertThat(exact.header("X-Total-Count-Relation")).isEqualTo("eq");
    }
}
