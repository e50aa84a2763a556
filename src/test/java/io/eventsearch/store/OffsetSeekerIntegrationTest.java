package io.eventsearch.store;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventsearch.Json;
import io.eventsearch.query.Total;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counting itself, below the API (whose exact pages {@code DeepPagingIntegrationTest} holds): once a query's
 * events were counted, a later offset is found by counting only the stretch remembered to hold it, and the rest of
 * the range when that falls short, never by giving up and walking.
 */
class OffsetSeekerIntegrationTest {

    private static final StreamDefinition STREAM = StreamCatalog.load(Json.mapper()).get(StreamCatalog.RELEASE_DOWNLOADS);
    private static final String TENANT = TestService.newTenant();
    private static final Instant NEWEST = Instant.parse("2024-07-11T00:00:00Z");
    private static final int DENSE = 10_500;
    private static final int EVENTS = 12_000;
    private static OpenSearchClient client;

    @BeforeAll
    static void ingest() {
        // 10,500 events a millisecond apart, before them 1,500 half an hour apart.
        TestService service = TestService.shared();
        String write = service.token(TENANT, "events:write");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Instant at = i < DENSE ? NEWEST.minusMillis(i)
                    : NEWEST.minusMillis(DENSE).minus(Duration.ofMinutes(30L * (i - DENSE + 1)));
            events.add("{\"id\":\"s" + i + "\",\"createdAt\":\"" + at + "\"}");
        }
        for (int start = 0; start < EVENTS; start += 1000) {
            var reply = service.postJson("/ingest/release-downloads",
                    write, "[" + String.join(",", events.subList(start, start + 1000)) + "]");
            assertThat(reply.json().get("created").asInt()).as(reply.body()).isEqualTo(1000);
        }
        // The batches land in two monthly indices: refresh both (waiting for the last batch covers only its own).
        TestOpenSearch.raw("POST", "/events-release-downloads/_refresh", "");
        client = OpenSearchClients.create(OpenSearchSettings.from(TestService.config(Map.of(
                "opensearch.url", TestOpenSearch.url().toString())).get("opensearch")), Json.mapper());
    }

    @AfterAll
    static void close() throws Exception {
        client._transport().close();
    }

    @Test
    void offsetsPastTheRememberedStretchAreStillFoundByCounting() throws IOException {
        OffsetSeeker seeker = seeker();
        // The first deep page counts every event, and remembers where the offsets lay.
        assertThat(seek(seeker, 10_000)).hasValueSatisfying(s -> assertThat(s.total()).isEqualTo(new Total(EVENTS, true)));
        // 600 of the newest events go (as an index dropped by retention would take them): the stretch remembered
        // for offset 11,000 now holds 600 events too few, and the rest of the range must be counted.
        TestOpenSearch.raw("POST", "/events-release-downloads/_delete_by_query?refresh=true", """
                {"query": {"bool": {"filter": [{"term": {"tenant": "%s"}},
                  {"range": {"createdAt": {"gt": "%s"}}}]}}}""".formatted(TENANT, NEWEST.minusMillis(600)));
        for (long offset : new long[] {9_000, 10_400, 10_900, 11_000, 11_350}) {
            Optional<OffsetSeeker.Seek> seek = seek(seeker, offset);
            assertThat(seek).as("offset %d: counted, not walked", offset).isPresent();
            assertThat(seek.get().narrowed()).isPresent();
            assertThat(seek.get().total()).isEqualTo(new Total(EVENTS - 600, true));
        }
        assertThat(seek(seeker, EVENTS - 600)).as("past the end")
                .hasValueSatisfying(s -> assertThat(s.narrowed()).isEmpty());
    }

    @Test
    void aQueryOfMoreEventsThanTheTotalBoundIsCountedOutwardFromWherePagesStart() throws IOException {
        // With the bound at 1,000 the 12,000 events are "many": 1/64 of the range first, from the newest on, then as
        // far as the density counted says the offset lies. The dense newest events all lie in the first stretch.
        OffsetSeeker seeker = new OffsetSeeker(client, new CountHints(), OpenSearchEventStore.RESULT_WINDOW, 1_000, "1m");
        OffsetSeeker.Range range = seeker.range(STREAM.readAlias(), query(), "createdAt", FieldType.DATE, false).orElseThrow();
        assertThat(range.many()).isTrue();
        OffsetSeeker.Window first = range.firstStretch(true);
        assertThat(first.high() - first.low()).isEqualTo((range.highest() + 1 - range.lowest() + 63) / 64);
        assertThat(first.high()).isEqualTo(range.highest() + 1);
        for (long offset : new long[] {10_000, 10_700, 11_300}) {
            Optional<OffsetSeeker.Seek> seek = seek(seeker, offset);
            assertThat(seek).as("offset %d: counted, not walked", offset).isPresent();
            assertThat(seek.get().narrowed()).isPresent();
            assertThat(seek.get().total()).as("past the bound").isEqualTo(new Total(1_000, false));
        }
        // Past the end: every event counted has a time, none lacks one, so the page is empty, not walked to.
        assertThat(seek(seeker, 12_000)).hasValueSatisfying(s -> {
            assertThat(s.narrowed()).isEmpty();
            assertThat(s.total()).isEqualTo(new Total(1_000, false));
        });
    }

    private static Query query() {
        return Query.of(q -> q.term(t -> t.field(StreamDefinition.TENANT_FIELD).value(FieldValue.of(TENANT))));
    }

    private static OffsetSeeker seeker() {
        return new OffsetSeeker(client, new CountHints(), OpenSearchEventStore.RESULT_WINDOW, 100_000, "1m");
    }

    /** Newest first, pages of 50. */
    private static Optional<OffsetSeeker.Seek> seek(OffsetSeeker seeker, long offset) throws IOException {
        String pit = client.createPit(p -> p.index(STREAM.readAlias()).keepAlive(t -> t.time("1m"))).pitId();
        try {
            Optional<OffsetSeeker.Range> range = seeker.range(STREAM.readAlias(), query(), "createdAt", FieldType.DATE, false);
            return seeker.seek(pit, range, query(), TENANT, "createdAt", FieldType.DATE, true, offset, 50);
        } finally {
            client.deletePit(d -> d.pitId(pit));
        }
    }
}
