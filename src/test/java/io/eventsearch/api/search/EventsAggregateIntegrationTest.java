package io.eventsearch.api.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.query.Aggregation;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/events/aggregate against the real OpenSearch: counts over time, values, statistics and places. */
class EventsAggregateIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final String READ = SERVICE.token(TENANT, "events:read");

    @BeforeAll
    static void ingest() {
        ingest(TENANT, "release-downloads", """
                [{"id":"r1","createdAt":"2024-03-01T01:00:00Z","statusCode":200,"releaseVersion":"1.0","location":{"ipAddress":"81.2.69.142"}},
                 {"id":"r2","createdAt":"2024-03-01T02:30:00Z","statusCode":403,"releaseVersion":"1.0","errorCode":"LICENSE_EXPIRED","location":{"ipAddress":"81.2.69.142"}},
                 {"id":"r3","createdAt":"2024-03-01T05:10:00Z","statusCode":404,"releaseVersion":"2.0","errorCode":"NOT_FOUND","location":{"ipAddress":"89.160.20.128"}},
                 {"id":"r4","createdAt":"2024-03-01T05:20:00Z","statusCode":200,"releaseVersion":"2.0","location":{"ipAddress":"216.160.83.56"}}]""");
        ingest(TENANT, "hub", """
                [{"id":"1","timestamp":%d,"type":"CREATED","author":"a-1"},{"id":"2","timestamp":%d,"type":"DELETED","author":"a-1"}]"""
                .formatted(java.time.Instant.parse("2024-03-01T02:00:00Z").toEpochMilli(),
                        java.time.Instant.parse("2024-03-01T05:59:59Z").toEpochMilli()));
        ingest(TestService.newTenant(), "release-downloads", """
                [{"id":"x","createdAt":"2024-03-01T01:00:00Z","statusCode":500,"releaseVersion":"9.9"}]""");
    }

    private static void ingest(String tenant, String stream, String events) {
        Reply stored = SERVICE.postJson("/ingest/" + stream + "?refresh=wait_for", SERVICE.token(tenant, "events:write"), events);
        assertThat(stored.json().get("rejected").asInt()).as(stored.body()).isZero();
    }

    private static JsonNode aggregate(String query) {
        Reply reply = SERVICE.get("/api/events/aggregate" + query, READ);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String range() {
        return "&from=2024-03-01T00:00:00Z&to=2024-03-01T06:00:00Z";
    }

    @Test
    void aHistogramHasEveryIntervalOfTheRangeEmptyOnesIncludedCountedPerStream() {
        JsonNode histogram = aggregate("?histogram=1h" + range()).get("histogram");
        assertThat(histogram.get("interval").asText()).isEqualTo("1h");
        assertThat(histogram.get("zone").asText()).isEqualTo("UTC");
        List<String> rows = new ArrayList<>();
        histogram.get("buckets").forEach(b -> rows.add(b.get("time").asText() + " " + b.get("count").asLong() + " "
                + b.get("streams")));
        assertThat(rows).containsExactly(
                "2024-03-01T00:00:00Z 0 {}",
                "2024-03-01T01:00:00Z 1 {\"release-downloads\":1}",
                "2024-03-01T02:00:00Z 2 {\"release-downloads\":1,\"hub\":1}",
                "2024-03-01T03:00:00Z 0 {}",
                "2024-03-01T04:00:00Z 0 {}",
                "2024-03-01T05:00:00Z 3 {\"release-downloads\":2,\"hub\":1}");
    }

    @Test
    void anAutomaticHistogramChoosesAtMostAHundredBucketsAndDaysBeginInTheTimeZoneAsked() {
        JsonNode auto = aggregate("?histogram=auto" + range()).get("histogram");
        assertThat(auto.get("interval").asText()).isEqualTo("5m");
        assertThat(auto.get("buckets").size()).isEqualTo(72);
        JsonNode berlin = aggregate("?histogram=1d&tz=Europe/Berlin&from=2024-02-29T12:00:00Z&to=2024-03-02T00:00:00Z")
                .get("histogram");
        assertThat(berlin.get("zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(berlin.at("/buckets/0/time").asText()).isEqualTo("2024-02-28T23:00:00Z");
        assertThat(berlin.at("/buckets/1/time").asText()).isEqualTo("2024-02-29T23:00:00Z");
        assertThat(berlin.at("/buckets/1/count").asLong()).isEqualTo(6);
        assertThat(aggregate("?histogram=auto&from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z")
                .at("/histogram/interval").asText()).isEqualTo("36525d");
        JsonNode whole = aggregate("?histogram=auto").get("histogram");
        assertThat(whole.get("buckets").size()).isBetween(40, 100);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            200 seconds     | PT200S | 2s
            6 hours         | PT6H   | 5m
            one day         | P1D    | 30m
            a week          | P7D    | 2h
            thirty days     | P30D   | 12h
            a year          | P365D  | 1w
            three years     | P1095D | 14d
            ten years       | P3650D | 1q
            a millennium    | P365242D | 7305d
            every year we take | P3652059D | 36525d
            """)
    void theAutomaticIntervalKeepsAtMostAHundredBuckets(String name, String range, String interval) {
        Aggregation.Interval chosen = EventsAggregation.auto(Duration.parse(range));
        assertThat(chosen.toString()).isEqualTo(interval);
        assertThat(Duration.parse(range).toMillis() / chosen.approximateMillis()).isBetween(40L, 100L);
    }

    @Test
    void termsStatsAndPlacesInOneRequest() {
        JsonNode answer = aggregate("?terms=releaseVersion&size=1&stats=statusCode&geo=country" + range());
        assertThat(answer.at("/total/value").asLong()).isEqualTo(6);
        assertThat(answer.at("/terms/values").size()).isEqualTo(1);
        assertThat(answer.at("/terms/values/0/value").asText()).isIn("1.0", "2.0");
        assertThat(answer.at("/terms/values/0/count").asLong()).isEqualTo(2);
        assertThat(answer.at("/terms/others").asLong()).isEqualTo(2);
        JsonNode stats = answer.get("stats");
        assertThat(stats.get("count").asLong()).isEqualTo(4);
        assertThat(stats.get("min").asDouble()).isEqualTo(200);
        assertThat(stats.get("max").asDouble()).isEqualTo(404);
        assertThat(stats.get("sum").asDouble()).isEqualTo(1207);
        assertThat(values(answer.at("/geo/values"))).containsExactly("GB=2", "SE=1", "US=1");
        JsonNode failures = aggregate("?terms=errorCode&q=" + URLEncoder.encode("statusCode >= 400", StandardCharsets.UTF_8));
        assertThat(values(failures.at("/terms/values"))).containsExactly("LICENSE_EXPIRED=1", "NOT_FOUND=1");
        assertThat(values(aggregate("?terms=statusCode").at("/terms/values"))).containsExactly("200=2", "403=1", "404=1");
    }

    private static List<String> values(JsonNode values) {
        List<String> found = new ArrayList<>();
        values.forEach(v -> found.add(v.get("value").asText() + "=" + v.get("count").asLong()));
        return found;
    }

    @Test
    void mapTilesCountDownloadsWhereTheyHappened() {
        JsonNode tiles = aggregate("?geo=tile&zoom=3").get("geo");
        assertThat(tiles.get("zoom").asInt()).isEqualTo(3);
        List<String> found = new ArrayList<>();
        tiles.get("tiles").forEach(t -> found.add(t.get("tile").asText() + "=" + t.get("count").asLong()));
        assertThat(found).containsExactlyInAnyOrder("3/3/2=2", "3/4/2=1", "3/1/2=1");
        JsonNode gb = tiles.get("tiles").get(0);
        assertThat(gb.get("lat").asDouble()).isBetween(-90.0, 90.0);
    }

    @Test
    void nothingToCountIsEmptyNotAnError() {
        JsonNode none = aggregate("?histogram=auto&terms=type&q=" + URLEncoder.encode("id: nothing", StandardCharsets.UTF_8));
        assertThat(none.at("/total/value").asLong()).isZero();
        assertThat(none.at("/histogram/buckets").size()).isZero();
        assertThat(none.at("/terms/values").size()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?                                   | ''        | at least one of histogram, terms, stats and geo
            ?histogram=7x                       | histogram | auto, or an interval
            ?histogram=2w                       | histogram | auto, or an interval
            ?histogram=1000000s                 | histogram | auto, or an interval
            ?histogram=1s&from=2000-01-01T00:00:00Z | histogram | choose a wider interval
            ?histogram=1h&tz=Mars/Olympus       | tz        | a time zone
            ?terms=nofield                      | terms     | names no field 'nofield'
            ?terms=releaseFileName&size=0       | size      | between 1 and 1000
            ?terms=id                           | terms     | pick one stream
            ?stats=releaseVersion               | stats     | not a number
            ?geo=planet                         | geo       | country or tile
            ?geo=tile&zoom=30                   | zoom      | between 0 and 29
            ?histogram=1h&bogus=1               | bogus     | not a parameter
            """)
    void refusesBadInputNamingTheParameter(String query, String parameter, String message) {
        Reply reply = SERVICE.get("/api/events/aggregate" + query, READ);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/error/parameter").asText()).isEqualTo(parameter);
        assertThat(reply.json().at("/error/message").asText()).contains(message);
    }
}
