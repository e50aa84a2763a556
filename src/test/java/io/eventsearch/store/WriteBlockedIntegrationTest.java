package io.eventsearch.store;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When OpenSearch refuses writes for reasons of its own (here a write block on the month's index), ingest retries,
 * then answers 503 naming the events that were not stored; nothing is reported as stored that is not, and sending
 * the batch again once the store recovers stores each event once.
 */
class WriteBlockedIntegrationTest {

    /** A month no other test writes to, so blocking its index disturbs nobody. */
    private static final String INDEX = "events-audit-2001.03";
    private TestService service;

    @AfterEach
    void cleanUp() {
        TestOpenSearch.raw("PUT", "/" + INDEX + "/_settings", "{\"index.blocks.write\":null}");
        if (service != null) {
            service.close();
        }
    }

    @Test
    void blockedWritesAnswer503WithTheEventsNotStoredAndARetryStoresThemOnce() {
        service = TestService.start(Map.of("opensearch.retry.attempts", "2", "opensearch.retry.backoff.first", "10"));
        String token = service.token(TestService.newTenant(), "events:write");
        String batch = "[{\"id\":\"b-1\",\"eventTime\":\"2001-03-01T00:00:00Z\"},"
                + "{\"id\":\"b-2\",\"eventTime\":\"2001-03-02T00:00:00Z\"},"
                + "{\"id\":\"b-3\",\"eventTime\":\"not a time\"}]";
        TestOpenSearch.raw("PUT", "/" + INDEX, null);
        var block = TestOpenSearch.raw("PUT", "/" + INDEX + "/_settings", "{\"index.blocks.write\":true}");
        assertThat(block.statusCode()).as(block.body()).isEqualTo(200);

        Reply blocked = service.postJson("/ingest/audit", token, batch);
        assertThat(blocked.status()).as(blocked.body()).isEqualTo(503);
        assertThat(blocked.header("Retry-After")).isNotBlank();
        JsonNode items = blocked.json().get("items");
        assertThat(items.get(0).get("status").asText()).isEqualTo("not_stored");
        assertThat(items.get(1).get("status").asText()).isEqualTo("not_stored");
        assertThat(items.get(2).get("status").asText()).isEqualTo("rejected");
        assertThat(blocked.json().get("notStored").asInt()).isEqualTo(2);
        assertThat(blocked.json().get("created").asInt()).isZero();

        TestOpenSearch.raw("PUT", "/" + INDEX + "/_settings", "{\"index.blocks.write\":null}");
        Reply retried = service.postJson("/ingest/audit", token, batch);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("created").asInt()).isEqualTo(2);
        Reply again = service.postJson("/ingest/audit", token, batch);
        assertThat(again.json().get("alreadyPresent").asInt()).isEqualTo(2);
    }
}
