package io.eventsearch.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.eventsearch.Json;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention sweep deletes whole indices once all their events are past the stream's retention, and no others. */
class RetentionIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private final StreamCatalog streams = StreamCatalog.load(Json.mapper());

    private static boolean exists(String index) {
        return TestOpenSearch.raw("HEAD", "/" + index, null).statusCode() == 200;
    }

    @Test
    void deletesOnlyIndicesWhoseWholePeriodIsPastTheRetention() throws Exception {
        StreamDefinition usage = streams.get("api-usage");
        StreamDefinition audit = streams.get("audit");
        Instant now = Instant.now();
        Instant fiveDaysAgo = now.minus(Duration.ofDays(5));
        String write = SERVICE.token(TestService.newTenant(), "events:write");
        Reply old = SERVICE.postJson("/ingest/api-usage", write, "[{\"type\":\"queue_created\",\"stored_at\":"
                + fiveDaysAgo.toEpochMilli() + "},{\"type\":\"queue_created\"}]");
        assertThat(old.json().get("created").asInt()).as(old.body()).isEqualTo(2);
        Reply audits = SERVICE.postJson("/ingest/audit", write, "[{\"eventTime\":\"2002-05-10T00:00:00Z\"},"
                + "{\"eventTime\":\"" + now + "\"}]");
        assertThat(audits.json().get("created").asInt()).as(audits.body()).isEqualTo(2);
        String oldUsage = usage.indexFor(fiveDaysAgo);
        String todaysUsage = usage.indexFor(now);
        String oldAudit = audit.indexFor(Instant.parse("2002-05-10T00:00:00Z"));
        String thisMonthsAudit = audit.indexFor(now);
        // The shared service sweeps api-usage (1 day) in the background too: either sweep may delete the old index.
        assertThat(exists(todaysUsage) && exists(oldAudit) && exists(thisMonthsAudit)).isTrue();

        OpenSearchClient client = OpenSearchClients.create(OpenSearchSettings.from(TestService.config(Map.of(
                "opensearch.url", TestOpenSearch.url().toString())).get("opensearch")), Json.mapper());
        try (var transport = client._transport()) {
            RetentionSweeper sweeper = new RetentionSweeper(client, Map.of(usage, Duration.ofDays(1),
                    audit, Duration.ofDays(3650)), Clock.systemUTC());
            sweeper.sweepOnce();

            assertThat(exists(oldUsage)).as(oldUsage).isFalse();
            assertThat(exists(oldAudit)).as(oldAudit + ": its month ended more than ten years ago").isFalse();
            assertThat(exists(todaysUsage)).as(todaysUsage).isTrue();
            assertThat(exists(thisMonthsAudit)).as(thisMonthsAudit).isTrue();
            assertThat(sweeper.sweepOnce()).as("a second sweep, or another instance's, finds nothing left").isEmpty();
        }
    }

    @Test
    void aStreamsIndexPeriodDecidesWhenItsIndexEnds() {
        assertThat(streams.get("api-usage").periodEnd("events-api-usage-2024.05.31"))
                .contains(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(streams.get("audit").periodEnd("events-audit-2024.12")).contains(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(streams.get("audit").periodEnd("events-audit-backup")).isEmpty();
        assertThat(streams.get("audit").periodEnd("events-hub-2024.12")).isEmpty();
    }
}
