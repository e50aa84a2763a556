package io.eventsearch.api.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/events against the real OpenSearch: one query language over all four streams, cursors, highlights. */
class EventsSearchIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final String DECOY = TestService.newTenant();
    private static final String READ = SERVICE.token(TENANT, "events:read");
    private static final Instant NOW = Instant.now();

    @BeforeAll
    static void ingest() {
        ingest(TENANT, "release-downloads", """
                [{"id":"r1","createdAt":"2024-01-10T10:00:00Z","statusCode":200,"releaseFileName":"東京-setup.exe",
                  "productId":"p1","location":{"ipAddress":"81.2.69.142"}},
                 {"id":"r2","createdAt":"2024-01-11T10:00:00Z","statusCode":403,"releaseFileName":"app-1.2.dmg",
                  "productId":"p1","errorCode":"LICENSE_EXPIRED","errorMessage":"=HYPERLINK(\\"http://x\\")",
                  "location":{"ipAddress":"89.160.20.128"}},
                 {"id":"r3","createdAt":"2024-01-12T10:00:00Z","statusCode":500,"releaseFileName":"tool, \\"pro\\".zip",
                  "productId":"p2","errorCode":"INTERNAL","errorMessage":"Привет мир"}]""");
        ingest(TENANT, "audit", """
                [{"id":"a1","eventTime":"2024-01-10T11:00:00Z","appId":"app","userName":"alice@example.com",
                  "description":"Überweisung freigegeben","action":"approve","ipAddress":"10.1.2.3"},
                 {"id":"a2","eventTime":"2024-01-13T11:00:00Z","appId":"app","userName":"bob@example.com",
                  "description":"مرحبا بالعالم","action":"login"}]""");
        ingest(TENANT, "hub", """
                [{"id":"7","timestamp":%d,"type":"CREATED","targetType":"user","targetPresentation":"Bob Jones",
                  "author":"a-1","authorPresentation":"John Smith"},
                 {"id":"8","timestamp":%d,"type":"DELETED","targetType":"group","targetPresentation":"Admins",
                  "author":"a-1","authorPresentation":"John Smith"}]"""
                .formatted(Instant.parse("2024-01-10T12:00:00Z").toEpochMilli(),
                        Instant.parse("2024-01-14T12:00:00Z").toEpochMilli()));
        ingest(TENANT, "api-usage", """
                [{"id":"u1","type":"queue_created","stored_at":%d,"queue":{"id":"q-1","name":"orders"}},
                 {"id":"u2","type":"queue_deleted","stored_at":%d,"queue":{"id":"q-1","name":"orders"}}]"""
                .formatted(NOW.minusSeconds(7200).toEpochMilli(), NOW.minusSeconds(600).toEpochMilli()));
        ingest(DECOY, "release-downloads", """
                [{"id":"r1","createdAt":"2024-01-10T10:00:00Z","statusCode":500,"releaseFileName":"東京-setup.exe"}]""");
    }

    private static void ingest(String tenant, String stream, String events) {
        Reply stored = SERVICE.postJson("/ingest/" + stream + "?refresh=wait_for", SERVICE.token(tenant, "events:write"),
                events);
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("rejected").asInt()).as(stored.body()).isZero();
        assertThat(stored.json().get("notStored").asInt()).as(stored.body()).isZero();
    }

    static Reply search(String query) {
        return SERVICE.get("/api/events" + query, READ);
    }

    static String q(String query) {
        return "?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    /** "stream/id" of each hit, in order. */
    static List<String> hits(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> hits = new ArrayList<>();
        reply.json().get("events").forEach(hit -> hits.add(hit.get("stream").asText() + "/" + hit.get("id").asText()));
        return hits;
    }

    @Test
    void findsEveryStreamsEventsOfTheCallerNewestFirst() {
        Reply reply = search("");
        assertThat(hits(reply)).containsExactly("api-usage/u2", "api-usage/u1", "hub/8", "audit/a2",
                "release-downloads/r3", "release-downloads/r2", "hub/7", "audit/a1", "release-downloads/r1");
        assertThat(reply.json().at("/total/value").asLong()).isEqualTo(9);
        assertThat(reply.json().at("/total/relation").asText()).isEqualTo("eq");
        assertThat(reply.json().has("cursor")).isFalse();
        JsonNode hub = reply.json().at("/events/2");
        assertThat(hub.get("time").asText()).isEqualTo("2024-01-14T12:00:00Z");
        assertThat(hub.at("/event/authorPresentation").asText()).isEqualTo("John Smith");
        assertThat(hub.at("/event/tenant").isMissingNode()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            statusCode >= 400                              | release-downloads/r3,release-downloads/r2
            statusCode > 403                               | release-downloads/r3
            statusCode:200 or author: A-1                  | hub/8,hub/7,release-downloads/r1
            stream: hub, audit                             | hub/8,audit/a2,hub/7,audit/a1
            stream: HUB and not type: deleted              | hub/7
            has: errorCode                                 | release-downloads/r3,release-downloads/r2
            not has: errorCode and stream: release-downloads | release-downloads/r1
            location.countryCode: GB, SE                   | release-downloads/r2,release-downloads/r1
            time < 2024-01-11T00:00:00Z                    | hub/7,audit/a1,release-downloads/r1
            createdAt <= 2024-01-11T10:00:00Z              | release-downloads/r2,release-downloads/r1
            time >= now-1d                                 | api-usage/u2,api-usage/u1
            time >= now-1h                                 | api-usage/u2
            id: 7                                          | hub/7
            id: r2, a1                                     | release-downloads/r2,audit/a1
            queue.name: orders and type: queue_created     | api-usage/u1
            description: freigegeben                       | audit/a1
            """)
    void queriesComparePresenceAndStreamsOverEveryStream(String query, String expected) {
        assertThat(hits(search(q(query)))).containsExactly(expected.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            東京                  | release-downloads/r1
            uberweisung           | audit/a1
            Überweisung           | audit/a1
            UEBERWEISUNG          | ''
            app                   | release-downloads/r2
            1.2                   | release-downloads/r2,audit/a1
            app-1.2.dmg           | release-downloads/r2
            alice@example.com     | audit/a1
            example.com           | audit/a2,audit/a1
            10.1.2.3              | audit/a1
            89.160.20.128         | release-downloads/r2
            привет                | release-downloads/r3
            مرحبا                 | audit/a2
            "john smith"          | hub/8,hub/7
            """)
    // Identifiers are also split at punctuation, so "1.2" finds "app-1.2.dmg" and the address "10.1.2.3" alike.
    void freeTextFindsWordsInEveryLanguageAndIdentifiersWholeOrInParts(String text, String expected) {
        List<String> found = hits(search(q(text)));
        if (expected.isEmpty()) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).containsExactly(expected.split(","));
        }
    }

    @Test
    void hitsCarryTheRangesOfTheMatchedWords() {
        JsonNode hit = search(q("東京")).json().at("/events/0");
        assertThat(hit.at("/highlights/releaseFileName/0/text").asText()).isEqualTo("東京-setup.exe");
        assertThat(hit.at("/highlights/releaseFileName/0/ranges").toString()).isEqualTo("[[0,2]]");
        JsonNode audit = search(q("freigegeben alice")).json().at("/events/0");
        assertThat(audit.at("/highlights/description/0/ranges").toString()).isEqualTo("[[12,23]]");
        assertThat(audit.at("/highlights/userName/0/text").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void fieldsSelectWhatEachEventCarries() {
        JsonNode event = search(q("stream: release-downloads") + "&limit=1&fields=releaseFileName,location(countryCode)")
                .json().at("/events/0/event");
        assertThat(event.toString()).isEqualTo("{\"releaseFileName\":\"tool, \\\"pro\\\".zip\",\"location\":{}}"
                .replace(",\"location\":{}", ""));
        JsonNode r2 = search(q("id: r2") + "&fields=" + URLEncoder.encode("location/countryCode,statusCode",
                StandardCharsets.UTF_8)).json().at("/events/0/event");
        assertThat(r2.toString()).isEqualTo("{\"location\":{\"countryCode\":\"SE\"},\"statusCode\":403}");
    }

    @Test
    void sortsByAnyFieldThatHasOneTypeAcrossTheStreamsSearched() {
        assertThat(hits(search(q("has: statusCode") + "&sort=statusCode"))).containsExactly(
                "release-downloads/r1", "release-downloads/r2", "release-downloads/r3");
        assertThat(hits(search(q("stream: hub") + "&sort=-id"))).containsExactly("hub/8", "hub/7");
        assertThat(hits(search("?sort=time&limit=2"))).containsExactly("release-downloads/r1", "audit/a1");
        Reply mixed = search("?sort=id");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().at("/error/parameter").asText()).isEqualTo("sort");
        assertThat(mixed.json().at("/error/message").asText()).contains("pick one stream");
    }

    @Test
    void aCursorWalksEveryEventOnceInTheOrderOfOnePage() {
        List<String> all = hits(search("?limit=1000"));
        List<String> walked = new ArrayList<>();
        Reply page = search("?limit=2");
        int pages = 0;
        while (true) {
            walked.addAll(hits(page));
            pages++;
            if (!page.json().has("cursor")) {
                break;
            }
            assertThat(page.json().get("next").asText()).startsWith("/api/events?").contains("limit=2", "cursor=");
            page = SERVICE.get(page.json().get("next").asText(), READ);
        }
        assertThat(walked).isEqualTo(all);
        assertThat(pages).isEqualTo(5);
    }

    @Test
    void aCursorWalksPastEventsThatLackTheSortField() {
        List<String> all = hits(search("?sort=-statusCode,time&limit=1000"));
        assertThat(all.subList(0, 3)).containsExactly("release-downloads/r3", "release-downloads/r2",
                "release-downloads/r1");
        List<String> walked = new ArrayList<>();
        Reply page = search("?sort=-statusCode,time&limit=2");
        walked.addAll(hits(page));
        while (page.json().has("cursor")) {
            page = SERVICE.get(page.json().get("next").asText(), READ);
            walked.addAll(hits(page));
        }
        assertThat(walked).isEqualTo(all).hasSize(9);
    }

    @Test
    void aCursorReadsTheSnapshotOfItsFirstPageWhileEventsArrive() {
        String tenant = TestService.newTenant();
        String read = SERVICE.token(tenant, "events:read");
        ingest(tenant, "audit", """
                [{"id":"a1","eventTime":"2024-01-10T11:00:00Z","appId":"app"},
                 {"id":"a2","eventTime":"2024-01-13T11:00:00Z","appId":"app"}]""");
        ingest(tenant, "release-downloads", """
                [{"id":"r1","createdAt":"2024-01-10T10:00:00Z"},{"id":"r2","createdAt":"2024-01-11T10:00:00Z"},
                 {"id":"r3","createdAt":"2024-01-12T10:00:00Z"}]""");
        Reply first = SERVICE.get("/api/events" + q("stream: audit, release-downloads") + "&limit=2", read);
        List<String> walked = new ArrayList<>(hits(first));
        ingest(tenant, "audit", """
                [{"id":"late-new","eventTime":"2024-02-01T00:00:00Z","appId":"app"},
                 {"id":"late-old","eventTime":"2024-01-01T00:00:00Z","appId":"app"}]""");
        Reply page = first;
        while (page.json().has("cursor")) {
            page = SERVICE.get(page.json().get("next").asText(), read);
            walked.addAll(hits(page));
        }
        assertThat(walked).containsExactly("audit/a2", "release-downloads/r3", "release-downloads/r2", "audit/a1",
                "release-downloads/r1");
        assertThat(hits(SERVICE.get("/api/events" + q("stream: audit"), read)))
                .containsExactly("audit/late-new", "audit/a2", "audit/a1", "audit/late-old");
    }

    @Test
    void aCursorBelongsToItsSearchAndItsCaller() {
        String cursor = search("?limit=1").json().get("cursor").asText();
        Reply otherQuery = search(q("stream: hub") + "&limit=1&cursor=" + cursor);
        assertThat(otherQuery.status()).isEqualTo(400);
        assertThat(otherQuery.json().at("/error/parameter").asText()).isEqualTo("cursor");
        Reply otherTenant = SERVICE.get("/api/events?limit=1&cursor=" + cursor, SERVICE.token(DECOY, "events:read"));
        assertThat(otherTenant.status()).isEqualTo(400);
        assertThat(otherTenant.json().at("/error/message").asText()).contains("another caller");
        for (String forged : List.of("nonsense", "e30", deflated("{}"), deflated("{\"v\":1,\"b\":\"x\",\"n\":1,\"a\":[1]}"),
                deflated("x".repeat(100_000)))) {
            Reply reply = search("?limit=1&cursor=" + forged);
            assertThat(reply.status()).as(forged).isEqualTo(400);
            assertThat(reply.json().at("/error/parameter").asText()).isEqualTo("cursor");
        }
    }

    /** Text as a cursor is written: raw deflate, then base64url. */
    private static String deflated(String text) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] buffer = new byte[200_000];
        int length = deflater.deflate(buffer);
        deflater.end();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(buffer, length));
    }

    @Test
    void anExpiredCursorAsksToStartAgain() throws Exception {
        // The second page opens the walk's point in time: its cursor is the first to carry one.
        String cursor = SERVICE.get(search("?limit=1").json().get("next").asText(), READ).json().get("cursor").asText();
        JsonNode decoded = SERVICE.mapper().readTree(new java.util.zip.InflaterInputStream(
                new java.io.ByteArrayInputStream(Base64.getUrlDecoder().decode(cursor)), new java.util.zip.Inflater(true)));
        String pit = decoded.get("p").asText();
        var deleted = TestOpenSearch.raw("DELETE", "/_search/point_in_time", "{\"pit_id\":[\"" + pit + "\"]}");
        assertThat(deleted.statusCode()).isEqualTo(200);
        Reply reply = search("?limit=1&cursor=" + cursor);
        assertThat(reply.status()).as(reply.body()).isEqualTo(410);
        assertThat(reply.json().at("/error/message").asText()).contains("start again");
    }

    /**
     * OpenSearch keeps a bounded number of points in time for the whole cluster (300 by default), and a refusal came
     * back as a 429 whose body the client could not read: every first page with more pages after it answered 503.
     * A walk that gets no point in time reads the live indices in the same total order instead.
     */
    @Test
    void aWalkGoesOnWhenOpenSearchOpensNoPointInTime() {
        List<String> whole = hits(search("?limit=1000"));
        String limit = "{\"transient\":{\"search.max_open_pit_context\":%s}}";
        assertThat(TestOpenSearch.raw("PUT", "/_cluster/settings", limit.formatted("0")).statusCode()).isEqualTo(200);
        try {
            Reply page = search("?limit=2");
            List<String> walked = new ArrayList<>();
            while (true) {
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                walked.addAll(hits(page));
                if (!page.json().has("next")) {
                    break;
                }
                page = SERVICE.get(page.json().get("next").asText(), READ);
            }
            assertThat(walked).hasSizeGreaterThan(2).isEqualTo(whole);
        } finally {
            TestOpenSearch.raw("PUT", "/_cluster/settings", limit.formatted("null"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?q=a%20(b                    | q      | expected ')' at 4
            ?q=statusCode%20%3E%20abc    | q      | an integer after 'statusCode>'
            ?q=stream:%20nope            | q      | a stream (release-downloads, hub, audit, api-usage)
            ?q=releaseFileName%20%3E%203 | q      | it is text, so it has no order
            ?q=nofield:%201              | q      | a field name (stream, has, time,
            ?q=has:%20nofield            | q      | a field name after 'has:'
            ?q=%20                       | q      | must not be empty
            ?from=yesterday              | from   | ISO-8601 with a zone
            ?from=now-1d&to=now-2d       | to     | must lie after from
            ?limit=0                     | limit  | between 1 and 1000
            ?sort=nofield                | sort   | names no field 'nofield'
            ?fields=nofield              | fields | unknown field 'nofield'
            ?format=xml                  | format | json, ndjson or csv
            ?page=2                      | page   | is not a parameter of this API
            ?format=csv&cursor=x         | cursor | an export always writes the whole result
            """)
    void refusesBadInputNamingTheParameter(String query, String parameter, String message) {
        Reply reply = search(query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/error/parameter").asText()).isEqualTo(parameter);
        assertThat(reply.json().at("/error/message").asText()).contains(message);
    }

    @Test
    void queryAssistSuggestsFieldsStreamsAndTheCallersOwnValues() {
        JsonNode names = SERVICE.get("/api/events/queryAssist?query=sta&caret=3", READ).json();
        List<String> options = new ArrayList<>();
        names.get("suggestions").forEach(s -> options.add(s.get("option").asText()));
        assertThat(options).containsExactly("statusCode:");
        assertThat(names.at("/suggestions/0/description").asText()).isEqualTo("a field of release-downloads");

        JsonNode streams = SERVICE.get("/api/events/queryAssist?query=" + URLEncoder.encode("stream: ",
                StandardCharsets.UTF_8), READ).json();
        List<String> counted = new ArrayList<>();
        streams.get("suggestions").forEach(s -> counted.add(s.get("option").asText() + " " + s.get("description").asText()));
        // most events first, then by name
        assertThat(counted).containsExactly("release-downloads 3 events", "api-usage 2 events", "audit 2 events",
                "hub 2 events");

        JsonNode countries = SERVICE.get("/api/events/queryAssist?query=" + URLEncoder.encode("location.countryCode: s",
                StandardCharsets.UTF_8), READ).json();
        assertThat(countries.at("/suggestions/0/option").asText()).isEqualTo("SE");
        assertThat(countries.at("/suggestions").size()).isEqualTo(1);

        JsonNode compared = SERVICE.get("/api/events/queryAssist?query=" + URLEncoder.encode("statusCode >= 4",
                StandardCharsets.UTF_8), READ).json();
        assertThat(compared.get("suggestions").size()).isZero();
        assertThat(compared.at("/ranges/1/style").asText()).isEqualTo("operator");

        JsonNode broken = SERVICE.get("/api/events/queryAssist?query=a%20(", READ).json();
        assertThat(broken.at("/error/position").asInt()).isEqualTo(3);
    }

    @Test
    void needsTheEventsReadScope() {
        assertThat(SERVICE.get("/api/events", SERVICE.token(TENANT, "hubEvent:read")).status()).isEqualTo(403);
        assertThat(SERVICE.get("/api/events", null).status()).isEqualTo(401);
    }
}
