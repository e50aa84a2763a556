package io.eventsearch.api.hub;

import io.eventsearch.api.querylang.QuerySpan;
import io.eventsearch.api.querylang.QuerySyntaxException;
import io.eventsearch.api.querylang.QueryParser;
import java.time.Instant;
import java.util.List;

import io.eventsearch.Json;
import io.eventsearch.query.Filter;
import io.eventsearch.stream.StreamCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubQueryParserTest {

    private final QueryParser parser = new QueryParser(new HubVocabulary(StreamCatalog.load(Json.mapper()).get("hub")));

    private Filter parse(String query) {
        return parser.parse(query).filter();
    }

    private static Filter author(String value) {
        return new Filter.Or(List.of(new Filter.Term("author", value, true),
                new Filter.Term("authorPresentation", value, true)));
    }

    private static Filter event(String value) {
        return new Filter.Term("type", value, true);
    }

    @Test
    void readsEveryFieldOfTheSeed() {
        assertThat(parse("author: alice")).isEqualTo(author("alice"));
        assertThat(parse("event: CREATED")).isEqualTo(event("CREATED"));
        assertThat(parse("entityType: user")).isEqualTo(new Filter.Term("targetType", "user", true));
        assertThat(parse("target: admins")).isEqualTo(new Filter.Or(List.of(
                new Filter.Term("targetId", "admins", true), new Filter.Term("targetPresentation", "admins", true))));
        assertThat(parse("before: 2024-01-01T00:00:00Z")).isEqualTo(new Filter.Range("timestamp", null, null,
                Instant.parse("2024-01-01T00:00:00Z"), null));
        assertThat(parse("after: 1704067200000")).isEqualTo(new Filter.Range("timestamp",
                Instant.parse("2024-01-01T00:00:00Z"), null, null, null));
        assertThat(parse("after: 2024-01-01T02:00:00+02:00")).isEqualTo(parse("after: 1704067200000"));
        assertThat(parse("beforeId: 42")).isEqualTo(new Filter.Range("id", null, null, null, 42L));
        assertThat(parse("afterId: 42")).isEqualTo(new Filter.Range("id", 42L, null, null, null));
    }

    @Test
    void andBindsTighterThanOrAndJuxtapositionMeansAnd() {
        assertThat(parse("a or b and c")).isEqualTo(new Filter.Or(List.of(new Filter.Text("a"),
                new Filter.And(List.of(new Filter.Text("b"), new Filter.Text("c"))))));
        assertThat(parse("a b or c")).isEqualTo(new Filter.Or(List.of(
                new Filter.And(List.of(new Filter.Text("a"), new Filter.Text("b"))), new Filter.Text("c"))));
        assertThat(parse("event: X author: y")).isEqualTo(parse("event: X and author: y"));
    }

    @Test
    void notAndNestedParentheses() {
        assertThat(parse("not (event: X or event: Y)")).isEqualTo(new Filter.Not(
                new Filter.Or(List.of(event("X"), event("Y")))));
        assertThat(parse("((a))")).isEqualTo(new Filter.Text("a"));
        assertThat(parse("(a or (b and not c)) and d")).isEqualTo(new Filter.And(List.of(
                new Filter.Or(List.of(new Filter.Text("a"), new Filter.And(List.of(new Filter.Text("b"),
                        new Filter.Not(new Filter.Text("c")))))), new Filter.Text("d"))));
    }

    @Test
    void keywordsAndFieldNamesIgnoreCase() {
        assertThat(parse("AUTHOR: x AND NOT Event: Y")).isEqualTo(new Filter.And(List.of(author("x"),
                new Filter.Not(event("Y")))));
        assertThat(parse("android OR notes")).isEqualTo(new Filter.Or(List.of(new Filter.Text("android"),
                new Filter.Text("notes"))));
    }

    @Test
    void bracesPhrasesSeveralValuesAndFreeText() {
        assertThat(parse("author: {John Smith}")).isEqualTo(author("John Smith"));
        assertThat(parse("author:\"John Smith\"")).isEqualTo(author("John Smith"));
        assertThat(parse("\"John Smith\"")).isEqualTo(new Filter.Phrase("John Smith"));
        assertThat(parse("author: alice, {Bob Jones} , carol")).isEqualTo(new Filter.Or(List.of(author("alice"),
                author("Bob Jones"), author("carol"))));
        assertThat(parse("login failed author: x \"bad password\"")).isEqualTo(new Filter.And(List.of(
                new Filter.Text("login"), new Filter.Text("failed"), author("x"), new Filter.Phrase("bad password"))));
        assertThat(parse("app* -beta")).isEqualTo(new Filter.And(List.of(new Filter.Text("app*"),
                new Filter.Text("-beta"))));
    }

    @Test
    void recordsWhatEachStretchIs() {
        assertThat(parser.parse("author: alice and (x or \"y z\")").spans()).containsExactly(
                new QuerySpan(0, 6, QuerySpan.Kind.FIELD_NAME),
                new QuerySpan(8, 13, QuerySpan.Kind.FIELD_VALUE),
                new QuerySpan(14, 17, QuerySpan.Kind.KEYWORD),
                new QuerySpan(18, 19, QuerySpan.Kind.PARENTHESIS),
                new QuerySpan(19, 20, QuerySpan.Kind.TEXT),
                new QuerySpan(21, 23, QuerySpan.Kind.KEYWORD),
                new QuerySpan(24, 29, QuerySpan.Kind.PHRASE),
                new QuerySpan(29, 30, QuerySpan.Kind.PARENTHESIS));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "(event: X              | expected ')' at 9",
        "a )                    | expected no ')' without its '(' at 2",
        "event:                 | expected an audit event type after 'event:' at 6",
        "author: alice,         | expected a user, group or service after 'author:' at 14",
        "foo: bar               | expected a field name (author, event, entityType, target, before, after, beforeId, afterId) instead of 'foo' at 0",
        "before: yesterday      | expected an instant (ISO-8601 with a zone, or epoch milliseconds) after 'before:', not 'yesterday', at 8",
        "afterId: 4x            | expected an event id (a positive number) after 'afterId:', not '4x', at 9",
        "\"unclosed             | expected '\"' at 9",
        "author: {John          | expected '}' at 13",
        "not                    | expected a field, a word, a phrase or '(' at 3",
        "a or                   | expected a field, a word, a phrase or '(' at 4",
        "()                     | expected a field, a word, a phrase or '(' at 1",
        "a , b                  | expected a field, a word, a phrase or '(' at 2",
    })
    void aSyntaxErrorSaysWhatWasExpectedAndWhere(String query, String message) {
        assertThatThrownBy(() -> parse(query.stripTrailing())).isInstanceOf(QuerySyntaxException.class)
                .hasMessage(message);
    }

    @Test
    void refusesQueriesTooDeepOrTooLong() {
        assertThatThrownBy(() -> parse("(".repeat(40) + "a" + ")".repeat(40)))
                .hasMessage("expected at most 32 nested parentheses at 32");
        assertThatThrownBy(() -> parse("a ".repeat(1100))).hasMessageContaining("a query of at most 2048 characters");
    }
}
