package io.eventsearch.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.Json;
import io.eventsearch.stream.StreamCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
    private final ObjectMapper mapper = Json.mapper();
    private final StreamCatalog catalog = StreamCatalog.load(mapper);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final EventNormalizer normalizer = new EventNormalizer(new IdGenerator(clock), clock,
            new EventTimeWindow(Instant.parse("2000-01-01T00:00:00Z"), java.time.Duration.ofDays(1)),
            mapper.getFactory(), Map.of());

    /** A normalised event and its document read back. */
    private record Normalized(EventNormalizer.NormalizedEvent event, JsonNode document) {
        String id() {
            return event.id();
        }

        boolean idAssigned() {
            return event.idAssigned();
        }

        Instant time() {
            return event.time();
        }
    }

    private Normalized normalize(String stream, String json) throws Exception {
        try (JsonParser in = mapper.createParser(json)) {
            in.nextToken();
            EventNormalizer.NormalizedEvent event = normalizer.batch(catalog.get(stream), "t-1", 42L).normalize(in);
            assertThat(in.nextToken()).as("the event is read through its last token").isNull();
            return new Normalized(event, mapper.readTree(event.document()));
        }
    }

    @Test
    void keepsAValidEventAndNormalisesItsDates() throws Exception {
        Normalized event = normalize("release-downloads", """
                {"id":"d-1","createdAt":"2024-05-01T12:00:00.123456+02:00","statusCode":403,
                 "location":{"ipAddress":"81.2.69.142","latitude":51.5}}""");
        assertThat(event.id()).isEqualTo("d-1");
        assertThat(event.idAssigned()).isFalse();
        assertThat(event.time()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123Z"));
        assertThat(event.document().get("createdAt").asText()).isEqualTo("2024-05-01T10:00:00.123Z");
        assertThat(event.document().at("/location/ipAddress").asText()).isEqualTo("81.2.69.142");
        assertThat(event.document().get("statusCode").intValue()).isEqualTo(403);
    }

    @Test
    void assignsIdAndArrivalTimeWhenAbsent() throws Exception {
        Normalized event = normalize("audit", "{\"action\":\"login\"}");
        assertThat(event.idAssigned()).isTrue();
        assertThat(event.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(event.time()).isEqualTo(NOW);
        assertThat(event.document().get("eventTime").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    }

    @Test
    void rendersEpochMillisStreamsAsNumbersAndNumericIds() throws Exception {
        Normalized usage = normalize("api-usage", "{\"stored_at\":\"2022-07-05T13:32:28.150Z\"}");
        assertThat(usage.document().get("stored_at").isNumber()).isTrue();
        assertThat(usage.document().get("stored_at").longValue()).isEqualTo(1657027948150L);

        Normalized hub = normalize("hub", "{\"timestamp\":1657027948150}");
        assertThat(hub.document().get("id").isTextual()).isTrue();
        assertThat(Long.parseLong(hub.id())).isPositive().isLessThan(1L << 53);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "release-downloads | {\"bogus\":1}                              | unknown field 'bogus'",
        "release-downloads | {\"location\":{\"bogus\":1}}               | unknown field 'location.bogus'",
        "release-downloads | {\"location\":\"London\"}                 | field 'location' must be an object",
        "release-downloads | {\"statusCode\":\"200\"}                   | field 'statusCode' must be an integer",
        "release-downloads | {\"statusCode\":2.5}                       | field 'statusCode' must be an integer",
        "release-downloads | {\"releaseId\":7}                          | field 'releaseId' must be a string",
        "release-downloads | {\"createdAt\":\"2024-05-01\"}             | field 'createdAt' must be an ISO-8601 date-time",
        "release-downloads | {\"createdAt\":\"yesterday\"}              | field 'createdAt' must be an ISO-8601 date-time",
        "release-downloads | {\"tenant\":\"other\"}                     | field 'tenant' is set by the service from the caller's credential",
        "release-downloads | {\"location\":{\"point\":\"1,2\"}}         | field 'location.point' is set by the service",
        "release-downloads | {\"id\":\"\"}                              | field 'id' must be a non-empty string",
        "hub               | {\"id\":\"-12\"}                           | field 'id' must be a positive decimal number",
        "hub               | {\"id\":-3}                                | field 'id' must be a positive decimal number",
        "audit             | [1,2]                                      | an event must be a JSON object",
    })
    void rejectsWithAReasonThatNamesTheField(String stream, String json, String reason) {
        assertThatThrownBy(() -> normalize(stream, json))
                .isInstanceOf(RejectedEvent.class)
                .hasMessageContaining(reason);
    }

    @Test
    void dropsNullsRatherThanStoringThem() throws Exception {
        JsonNode document = normalize("audit", "{\"userId\":null,\"action\":\"x\"}").document();
        assertThat(document.has("userId")).isFalse();
        assertThat(document.get("action").asText()).isEqualTo("x");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "release-downloads | {\"location.ipAddress\":\"999.1.1.1\"}               | field name 'location.ipAddress' may not be empty or contain '.'",
        "release-downloads | {\"location\":{\"\":\"x\"}}                          | field name 'location.' may not be empty",
        "release-downloads | {\"tenant\":null}                                    | field 'tenant' is set by the service",
        "release-downloads | {\"location\":{\"point\":null}}                      | field 'location.point' is set by the service",
        "release-downloads | {\"bogus\":null}                                     | unknown field 'bogus'",
        "release-downloads | {\"createdAt\":9223372036854775807}                  | field 'createdAt' must lie from 2000-01-01T00:00:00Z to 24h past the arrival time",
        "release-downloads | {\"createdAt\":\"1999-12-31T23:59:59Z\"}              | field 'createdAt' must lie from 2000-01-01T00:00:00Z",
        "release-downloads | {\"createdAt\":\"2026-01-03T03:04:06Z\"}              | field 'createdAt' must lie",
        "release-downloads | {\"updatedAt\":\"+292278994-08-17T07:12:55Z\"}        | field 'updatedAt' must lie",
        "hub               | {\"timestamp\":-62135596800000}                     | field 'timestamp' must lie",
    })
    void refusesWhatWouldSlipPastTheMapping(String stream, String json, String reason) {
        assertThatThrownBy(() -> normalize(stream, json)).isInstanceOf(RejectedEvent.class).hasMessageContaining(reason);
    }

    @Test
    void acceptsTimesWithinTheWindowAndKnownFieldsSentAsNull() throws Exception {
        assertThat(normalize("release-downloads", "{\"createdAt\":\"2026-01-03T03:04:05Z\",\"errorCode\":null}")
                .time()).isEqualTo(Instant.parse("2026-01-03T03:04:05Z"));
        assertThat(normalize("release-downloads", "{\"createdAt\":\"2000-01-01T00:00:00Z\"}").time())
                .isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    @Test
    void hubIdsAreDecimalStringsAndChangesAListOfObjects() throws Exception {
        Normalized event = normalize("hub", """
                {"id":42,"timestamp":1700000000000,"type":"UPDATED","author":"u-1","authorPresentation":"Alice",
                 "changes":[{"field":"name","oldValue":"Bob","newValue":"Robert"},{"field":"email"}]}""");
        assertThat(event.document().get("id").asText()).isEqualTo("42");
        assertThat(event.document().get("id").isTextual()).isTrue();
        assertThat(event.document().at("/changes/1/field").asText()).isEqualTo("email");
        assertThat(normalize("hub", "{\"id\":\"900719925474099312\"}").id()).isEqualTo("900719925474099312");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"id\":\"042\"}                          | field 'id' must be a positive decimal number",
        "{\"id\":\"4a\"}                           | field 'id' must be a positive decimal number",
        "{\"id\":\"9223372036854775807\"}          | field 'id' must be a positive decimal number",
        "{\"id\":0}                                | field 'id' must be a positive decimal number",
        "{\"changes\":[\"name\"]}                    | field 'changes' must be an object or a list of objects",
        "{\"changes\":[{\"field\":\"a\",\"size\":1}]}   | unknown field 'changes.size'",
        "{\"changes\":[{\"newValue\":3}]}            | field 'changes.newValue' must be a string",
    })
    void refusesHubEventsOutsideTheSeedsShape(String json, String reason) {
        assertThatThrownBy(() -> normalize("hub", json)).isInstanceOf(RejectedEvent.class).hasMessageContaining(reason);
    }

    @Test
    void stampsTenantAndAcceptanceTimeAndWritesOnlyWhatItKept() throws Exception {
        JsonNode document = normalize("release-downloads", """
                {"id":"d-9","createdAt":1714558530123,"statusCode":200,"userId":null,"location":{"city":null},
                 "releaseVersion":"1.2 \u00e9\\"q\\""}""").document();
        assertThat(document).isEqualTo(mapper.readTree("""
                {"id":"d-9","createdAt":"2024-05-01T10:15:30.123Z","statusCode":200,"releaseVersion":"1.2 \u00e9\\"q\\"",
                 "tenant":"t-1","@ingested":42}"""));
    }

    @Test
    void storesTextExactlyAsSentWhateverItsCharacters() throws Exception {
        // Escapes, control characters, a surrogate pair, non-Latin scripts: read and written without a String between.
        String sent = "tab\\t nl\\n nul\\u0000 \\\\ \\\"q\\\" \\u00e9 \u4e2d\u6587 \\ud83d\\ude00 </script>";
        JsonNode document = normalize("release-downloads", "{\"releaseFileName\":\"" + sent + "\",\"userId\":\"u\"}")
                .document();
        assertThat(document.get("releaseFileName").textValue())
                .isEqualTo(mapper.readTree("\"" + sent + "\"").textValue())
                .contains("\t", "\n", "\u0000", "\\", "\"q\"", "\u00e9", "\u4e2d\u6587", "\ud83d\ude00");
        assertThat(document.get("userId").textValue()).isEqualTo("u");
    }

    @Test
    void aKeywordMayHoldUpTo8191Characters() throws Exception {
        String longest = "x".repeat(EventNormalizer.MAX_KEYWORD_LENGTH);
        assertThat(normalize("audit", "{\"action\":\"" + longest + "\"}").document().get("action").textValue())
                .isEqualTo(longest);
        assertThatThrownBy(() -> normalize("audit", "{\"action\":\"" + longest + "\\u00e9\"}"))
                .isInstanceOf(RejectedEvent.class)
                .hasMessage("field 'action' is longer than 8191 characters");
    }

    @Test
    void refusesAFieldSentTwiceInOneObject() {
        assertThatThrownBy(() -> normalize("audit", "{\"action\":\"a\",\"action\":\"b\"}"))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("field 'action' is sent twice");
        assertThatThrownBy(() -> normalize("api-usage", "{\"queue\":{\"id\":\"q\",\"id\":\"r\"}}"))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("field 'queue.id' is sent twice");
    }

    @Test
    void aRejectedEventIsReadToItsEndAndKeepsTheIdItWasSentWith() throws Exception {
        String body = "[{\"bogus\":{\"deep\":[1,{\"id\":\"inner\"}]},\"id\":\"a-1\",\"action\":\"x\"},"
                + "{\"id\":\"a-2\"},{\"userId\":7},{\"id\":{\"no\":1},\"x\":1},"
                + "{\"id\":\"a-5\",\"eventTime\":\"soon\",\"action\":{\"x\":[]}},{\"id\":\"a-6\"}]";
        java.util.List<Object> outcomes = new java.util.ArrayList<>();
        EventNormalizer.Batch batch = normalizer.batch(catalog.get("audit"), "t-1", 0);
        int count = new EventBatchParser(mapper, 10).parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                false, (position, in) -> {
                    try {
                        outcomes.add(batch.normalize(in).id());
                    } catch (RejectedEvent e) {
                        outcomes.add(e.getMessage() + " / " + e.producerId());
                    }
                });
        assertThat(count).isEqualTo(6);
        assertThat(outcomes).containsExactly("unknown field 'bogus' / \"a-1\"", "a-2",
                "field 'userId' must be a string, not number 7 / null",
                "field 'id' must be a non-empty string / null",
                "field 'eventTime' must be an ISO-8601 date-time with a zone (e.g. 2024-05-01T10:15:30Z) or epoch "
                        + "milliseconds, not string \"soon\" / \"a-5\"", "a-6");
    }

    @Test
    void leavesOutObjectsThatEndUpEmptyButKeepsEmptyListElements() throws Exception {
        assertThat(normalize("api-usage", "{\"queue\":{},\"listener\":{\"id\":null}}").document().has("queue"))
                .isFalse();
        assertThat(normalize("api-usage", "{\"listener\":{\"id\":null}}").document().has("listener")).isFalse();
        JsonNode hub = normalize("hub", "{\"changes\":[{},{\"field\":null},{\"field\":\"f\"}]}").document();
        assertThat(hub.get("changes")).isEqualTo(mapper.readTree("[{},{},{\"field\":\"f\"}]"));
    }

    @Test
    void aRedrawnIdReplacesOnlyTheId() throws Exception {
        Normalized first = normalize("audit", "{\"action\":\"login\",\"data\":\"\\\"quoted\\\"\"}");
        EventNormalizer.NormalizedEvent again = normalizer.redraw(catalog.get("audit"), first.event());
        JsonNode document = mapper.readTree(again.document());
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(document.get("id").asText()).isEqualTo(again.id());
        ((com.fasterxml.jackson.databind.node.ObjectNode) document).put("id", first.id());
        assertThat(document).isEqualTo(first.document());
        assertThat(normalizer.redraw(catalog.get("audit"), again).document()).isNotEqualTo(again.document());
    }

    @Test
    void refusesNumbersThatAreNotFinite() {
        assertThatThrownBy(() -> normalize("release-downloads", "{\"location\":{\"latitude\":1e400}}"))
                .isInstanceOf(RejectedEvent.class)
                .hasMessage("field 'location.latitude' must be a finite number, not a number beyond the range of a double");
        assertThatThrownBy(() -> normalize("audit", "null"))
                .isInstanceOf(RejectedEvent.class).hasMessage("an event must be a JSON object, not null");
    }
}
