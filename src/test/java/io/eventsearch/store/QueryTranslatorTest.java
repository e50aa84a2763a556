package io.eventsearch.store;

import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
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
        return new EventQuery(filter, Optional.ofNullable(text), List.of(), new Page.Offset(0, 10), Set.of());
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
}
