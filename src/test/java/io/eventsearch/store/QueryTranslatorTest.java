package io.eventsearch.store;

import java.io.StringWriter;
import java.util.List;
import java.util.Set;

import io.eventsearch.Json;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.InvalidQueryException;
import io.eventsearch.query.Page;
import io.eventsearch.query.SortKey;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import jakarta.json.stream.JsonGenerator;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryTranslatorTest {

    private final StreamDefinition downloads = StreamCatalog.load(Json.mapper()).get("release-downloads");
    private final QueryTranslator translator = new QueryTranslator();
    private final JacksonJsonpMapper mapper = new JacksonJsonpMapper(Json.mapper());

    private String json(JsonpSerializable value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            value.serialize(generator, mapper);
        }
        return out.toString();
    }

    private EventQuery query(Filter filter, String text) {
        Filter withText = text == null ? filter : new Filter.And(List.of(filter, new Filter.Text(text)));
        return new EventQuery(withText, List.of(), new Page.Offset(0, 10), Set.of());
    }

    @Test
    void everyQueryCarriesTheTenantFilter() {
        String all = json(translator.query(downloads, "acme", query(Filter.all(), null)));
        assertThat(all).contains("{\"term\":{\"tenant\":{\"value\":\"acme\"}}}");
        String or = json(translator.query(downloads, "acme",
                query(new Filter.Or(List.of(new Filter.Term("releaseId", "r1"))), "x")));
        assertThat(or).startsWith("{\"bool\":{\"filter\":[{\"term\":{\"tenant\":{\"value\":\"acme\"}}}");
    }

    @Test
    void freeTextGoesOnlyIntoSimpleQueryStringOverTheTextFields() {
        String text = json(translator.query(downloads, "acme", query(Filter.all(), "a:b OR (c")));
        assertThat(text).contains("\"simple_query_string\"").doesNotContain("\"query_string\"")
                .contains("\"releaseFileName.text\"").contains("\"location.city.text\"")
                .doesNotContain("\"tenant\",").doesNotContain("\"id\",");
    }

    @Test
    void anEmptyOrMatchesNothingRatherThanEverything() {
        assertThat(json(translator.filter(downloads, new Filter.Or(List.of())))).contains("match_none");
    }

    @Test
    void theIdIsAppendedAsTheTiebreaker() {
        assertThat(translator.sort(downloads, List.of(SortKey.descending("createdAt"))))
                .extracting(this::json)
                .containsExactly("{\"createdAt\":{\"order\":\"desc\"}}", "{\"id\":{\"order\":\"asc\"}}");
        assertThat(translator.sort(downloads, List.of(SortKey.descending("id")))).hasSize(1);
    }

    @Test
    void refusesFieldsTheStreamDoesNotHaveOrHidesAndOperatorsTheTypeCannotTake() {
        assertThatThrownBy(() -> translator.query(downloads, "acme", query(new Filter.Term("tenant", "other"), null)))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("no field 'tenant'");
        assertThatThrownBy(() -> translator.query(downloads, "acme", query(new Filter.Term("bogus", "x"), null)))
                .isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> translator.query(downloads, "acme",
                query(new Filter.Range("releaseId", "a", null, null, null), null)))
                .hasMessageContaining("no range");
        assertThatThrownBy(() -> translator.query(downloads, "acme", query(new Filter.Term("statusCode", "200"), null)))
                .hasMessageContaining("takes an integer");
        assertThatThrownBy(() -> translator.sort(downloads, List.of(SortKey.ascending("location.point"))))
                .hasMessageContaining("no field 'location.point'");
        StreamDefinition audit = StreamCatalog.load(Json.mapper()).get("audit");
        assertThatThrownBy(() -> translator.sort(audit, List.of(SortKey.ascending("description"))))
                .hasMessageContaining("cannot sort by 'description'");
        assertThatThrownBy(() -> translator.projection(downloads, Set.of("tenant")))
                .isInstanceOf(InvalidQueryException.class);
        assertThat(translator.projection(downloads, Set.of("location.city", "id"))).containsExactly("id", "location.city");
    }

    /** Golden cases, each named by what it translates: the whole query the store sends, tenant filter included. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("goldenCases")
    void translatesToExactlyThisQuery(String name, Filter filter, String text, String expected) {
        assertThat(translator.query(downloads, "acme", query(filter, text)).toJsonString()).isEqualTo(expected);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> goldenCases() {
        return java.util.stream.Stream.of(
                golden("no filter", Filter.all(), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}}]}}"""),
                golden("releaseId = r1", new Filter.Term("releaseId", "r1"), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"term":{"releaseId":{"value":"r1"}}}]}}"""),
                golden("statusCode in (403, 404)", new Filter.Terms("statusCode", List.of(403L, 404L)), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"terms":{"statusCode":[403,404]}}]}}"""),
                golden("createdAt >= 2024-01-01 and < 2024-02-01", new Filter.Range("createdAt",
                        null, java.time.Instant.parse("2024-01-01T00:00:00Z"),
                        java.time.Instant.parse("2024-02-01T00:00:00Z"), null), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},\
                        {"range":{"createdAt":{"gte":"2024-01-01T00:00:00Z","lt":"2024-02-01T00:00:00Z"}}}]}}"""),
                golden("createdAt >= 2024-01-01 and createdAt <= 2024-02-01, two conditions: one range",
                        new Filter.And(List.of(new Filter.Range("createdAt", null, java.time.Instant.parse("2024-01-01T00:00:00Z"), null, null),
                                new Filter.Term("productId", "p1"),
                                new Filter.Range("createdAt", null, null, null, java.time.Instant.parse("2024-02-01T00:00:00Z")))), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},\
                        {"range":{"createdAt":{"gte":"2024-01-01T00:00:00Z","lte":"2024-02-01T00:00:00Z"}}},\
                        {"term":{"productId":{"value":"p1"}}}]}}"""),
                golden("createdAt > 2024-01-01 and createdAt >= 2024-01-05: the same end, kept apart",
                        new Filter.And(List.of(new Filter.Range("createdAt", java.time.Instant.parse("2024-01-01T00:00:00Z"), null, null, null),
                                new Filter.Range("createdAt", null, java.time.Instant.parse("2024-01-05T00:00:00Z"), null, null))), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},\
                        {"range":{"createdAt":{"gt":"2024-01-01T00:00:00Z"}}},\
                        {"range":{"createdAt":{"gte":"2024-01-05T00:00:00Z"}}}]}}"""),
                golden("not userId = u1", new Filter.Not(new Filter.Term("userId", "u1")), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"bool":{"must_not":[{"term":{"userId":{"value":"u1"}}}]}}]}}"""),
                golden("errorCode exists or countryCode = DE", new Filter.Or(List.of(new Filter.Exists("errorCode"),
                        new Filter.Term("location.countryCode", "DE"))), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"bool":{"minimum_should_match":"1","should":[\
                        {"exists":{"field":"errorCode"}},{"term":{"location.countryCode":{"value":"DE"}}}]}}]}}"""),
                golden("an empty or matches nothing", new Filter.Or(List.of()), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"match_none":{}}]}}"""),
                golden("text app* -beta over the text fields only", Filter.all(), "app* -beta", """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"simple_query_string":{"default_operator":"and",\
                        "fields":["errorCode.text","errorMessage.text","location.city.text","location.countryName.text",\
                        "location.ipAddress.text","location.regionName.text","releaseChannel.text","releaseFileName.text","releaseVersion.text"],\
                        "lenient":true,"query":"app* -beta"}}]}}"""),
                golden("author = Alice ignoring case, or the phrase \"John Smith\"", new Filter.Or(List.of(
                        new Filter.Term("releaseId", "Alice", true), new Filter.Phrase("John Smith"))), null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"bool":{"minimum_should_match":"1",\
                        "should":[{"term":{"releaseId":{"case_insensitive":true,"value":"Alice"}}},{"multi_match":{\
                        "fields":["errorCode.text","errorMessage.text","location.city.text","location.countryName.text",\
                        "location.ipAddress.text","location.regionName.text","releaseChannel.text","releaseFileName.text","releaseVersion.text"],\
                        "query":"John Smith","type":"phrase"}}]}}]}}"""),
                golden("releaseVersion starts with 1.2 ignoring case", new Filter.Prefix("releaseVersion", "1.2", true),
                        null, """
                        {"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},\
                        {"prefix":{"releaseVersion":{"case_insensitive":true,"value":"1.2"}}}]}}"""));
    }

    private static org.junit.jupiter.params.provider.Arguments golden(String name, Filter filter, String text,
                                                                      String expected) {
        return org.junit.jupiter.params.provider.Arguments.of(name, filter, text, expected);
    }

    @Test
    void aSearchOverSeveralStreamsLimitsEachStreamsConditionsToItsOwnIndicesUnderOneTenantFilter() {
        StreamCatalog catalog = StreamCatalog.load(Json.mapper());
        List<StreamDefinition> both = List.of(downloads, catalog.get("hub"));
        Filter filter = new Filter.Or(List.of(new Filter.Range("statusCode", null, 500L, null, null),
                new Filter.Term("type", "DELETED", true)));
        assertThat(json(translator.query(both, "acme", filter))).isEqualTo("{\"bool\":{"
                + "\"filter\":[{\"term\":{\"tenant\":{\"value\":\"acme\"}}}],\"minimum_should_match\":\"1\",\"should\":["
                + "{\"bool\":{\"filter\":[{\"prefix\":{\"_index\":{\"value\":\"events-release-downloads-\"}}},"
                + "{\"range\":{\"statusCode\":{\"gte\":500}}}]}},"
                + "{\"bool\":{\"filter\":[{\"prefix\":{\"_index\":{\"value\":\"events-hub-\"}}},"
                + "{\"term\":{\"type\":{\"case_insensitive\":true,\"value\":\"DELETED\"}}}]}}]}}");
    }

    @Test
    void aSearchOverSeveralStreamsSortsByTheAliasesAndBreaksTiesByIndexAndIdTheSameWay() {
        List<StreamDefinition> all = StreamCatalog.load(Json.mapper()).all();
        String sort = translator.sort(all, List.of(SortKey.descending(StreamDefinition.TIME_ALIAS))).stream()
                .map(this::json).toList().toString();
        assertThat(sort).isEqualTo("[{\"@timestamp\":{\"missing\":\"_last\",\"order\":\"desc\",\"unmapped_type\":\"date\"}}, "
                + "{\"_index\":{\"order\":\"desc\"}}, "
                + "{\"@key\":{\"missing\":\"\",\"order\":\"desc\",\"unmapped_type\":\"keyword\"}}]");
        assertThatThrownBy(() -> translator.sort(all, List.of(SortKey.ascending("id"))))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("pick one stream");
        assertThatThrownBy(() -> translator.sort(all, List.of(SortKey.ascending("releaseFileName.text"))))
                .hasMessageContaining("no stream searched has a field");
    }
}
