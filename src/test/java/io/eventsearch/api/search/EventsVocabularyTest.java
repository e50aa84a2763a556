package io.eventsearch.api.search;

import java.time.Instant;
import java.util.List;

import io.eventsearch.Json;
import io.eventsearch.api.querylang.QueryParser;
import io.eventsearch.api.querylang.QuerySpan;
import io.eventsearch.api.querylang.QuerySyntaxException;
import io.eventsearch.query.Filter;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query language's extensions for the native search: comparisons, stream:, has:, time, relative times. */
class EventsVocabularyTest {

    private static final Instant NOW = Instant.parse("2024-05-15T13:45:30Z");
    private final QueryParser parser = new QueryParser(
            new EventsVocabulary(StreamCatalog.load(Json.mapper()).all(), NOW));

    private Filter parse(String query) {
        return parser.parse(query).filter();
    }

    @Test
    void comparesNumbersAndTimesWithOrWithoutSpaces() {
        assertThat(parse("statusCode >= 400")).isEqualTo(new Filter.Range("statusCode", null, 400L, null, null));
        assertThat(parse("statusCode>400")).isEqualTo(new Filter.Range("statusCode", 400L, null, null, null));
        assertThat(parse("statusCode<=499")).isEqualTo(new Filter.Range("statusCode", null, null, null, 499L));
        assertThat(parse("createdAt < 2024-06-01T00:00:00Z")).isEqualTo(new Filter.Range("createdAt", null, null,
                Instant.parse("2024-06-01T00:00:00Z"), null));
        assertThat(parse("time > now-1h/h")).isEqualTo(new Filter.Range(StreamDefinition.TIME_ALIAS,
                Instant.parse("2024-05-15T12:00:00Z"), null, null, null));
    }

    @Test
    void equalityIsPerTypeAcrossStreamsAndIgnoresCaseForKeywords() {
        assertThat(parse("location.countryCode: DE, FR")).isEqualTo(new Filter.Or(List.of(
                new Filter.Term("location.countryCode", "DE", true), new Filter.Term("location.countryCode", "FR", true))));
        assertThat(parse("ID: 7")).isEqualTo(new Filter.Or(List.of(new Filter.Term("id", "7", true),
                new Filter.Term("id", 7L))));
        assertThat(parse("id: r-7")).isEqualTo(new Filter.Term("id", "r-7", true));
        assertThat(parse("description: approved")).isEqualTo(new Filter.FieldText("description", "approved"));
    }

    @Test
    void streamHasAndFreeTextCombine() {
        assertThat(parse("stream: hub, AUDIT has: errorCode failed")).isEqualTo(new Filter.And(List.of(
                new Filter.Or(List.of(new Filter.InStream("hub"), new Filter.InStream("audit"))),
                new Filter.Exists("errorCode"), new Filter.Text("failed"))));
        assertThat(parse("not has: location.city")).isEqualTo(new Filter.Not(new Filter.Exists("location.city")));
    }

    @Test
    void recordsOperatorsAmongTheSpans() {
        assertThat(parser.parse("statusCode >= 400").spans()).containsExactly(
                new QuerySpan(0, 10, QuerySpan.Kind.FIELD_NAME), new QuerySpan(11, 13, QuerySpan.Kind.OPERATOR),
                new QuerySpan(14, 17, QuerySpan.Kind.FIELD_VALUE));
    }

    @Test
    void refusesWhatDoesNotFitNamingThePlace() {
        assertThatThrownBy(() -> parse("statusCode >= 4xx")).isInstanceOf(QuerySyntaxException.class)
                .hasMessage("expected an integer after 'statusCode>=', not '4xx', at 14");
        assertThatThrownBy(() -> parse("releaseFileName > a")).hasMessageContaining("it is text, so it has no order");
        assertThatThrownBy(() -> parse("stream > hub")).hasMessage("expected ':' after 'stream', not '>', at 9");
        assertThatThrownBy(() -> parse("statusCode >= 2147483648")).hasMessageContaining("an integer");
        assertThatThrownBy(() -> parse("tenant: other")).hasMessageContaining("a field name (stream, has, time,");
        assertThatThrownBy(() -> parse(">= 4")).hasMessage("expected a field, a word, a phrase or '(' at 0");
    }
}
