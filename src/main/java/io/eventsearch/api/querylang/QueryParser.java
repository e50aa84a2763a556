package io.eventsearch.api.querylang;

import java.util.ArrayList;
import java.util.List;

import io.eventsearch.query.Filter;

/**
 * The service's query language (Hub's, extended), read by recursive descent into the shared {@link Filter} model.
 * Every dialect shares this grammar; its {@link Vocabulary} says which field names exist, what their values mean,
 * and whether comparisons are allowed.
 * <pre>
 * Query         ::= OrExpression
 * OrExpression  ::= AndExpression ("or" AndExpression)*
 * AndExpression ::= SignExpression (["and"] SignExpression)*     juxtaposed items mean "and"
 * SignExpression::= ["not"] Item
 * Item          ::= "(" Query ")" | Field | Phrase | Text
 * Field         ::= FieldName ":" Value ("," Value)*             several values mean either
 *                 | FieldName ("<" | "<=" | ">" | ">=") Value     where the vocabulary has comparisons
 * Value         ::= "{" any text but "}" "}" | '"' any text but '"' '"' | Bare
 * Bare          ::= characters up to a space, "," or ")"          (so instants keep their ':')
 * Phrase        ::= '"' any text but '"' '"'                      exact phrase over the text fields
 * Text          ::= characters up to a space or one of ( ) : , " { } (and &lt; &gt; with comparisons)
 *                                                                 free text, words ANDed
 * </pre>
 * Keywords ({@code and}, {@code or}, {@code not}) are case-insensitive. {@code and} binds tighter than {@code or}. A
 * syntax error names what was expected and the 0-based character where it was expected: {@code expected ')' at 14}.
 */
public final class QueryParser {

    public static final int MAX_LENGTH = 2048;
    private static final int MAX_DEPTH = 32;
    private static final String WORD_ENDS = "():,\"{}";
    private static final String COMPARISON_STARTS = "<>";

    private final Vocabulary vocabulary;
    private final String wordEnds;

    public QueryParser(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.wordEnds = vocabulary.comparisons() ? WORD_ENDS + COMPARISON_STARTS : WORD_ENDS;
    }

    /** The characters that end a word of free text in this dialect, besides white space. */
    public String wordEnds() {
        return wordEnds;
    }

    /** A parsed query: the filter, and every span read, in order. */
    public record Parsed(Filter filter, List<QuerySpan> spans) {
    }

    /** The query's filter and spans; a {@link QuerySyntaxException} when it does not parse. */
    public Parsed parse(String query) {
        Reading reading = new Reading(query);
        Filter filter = reading.query();
        return new Parsed(filter, List.copyOf(reading.spans));
    }

    /** The state of one parse. */
    private final class Reading {

        private final String text;
        private final List<QuerySpan> spans = new ArrayList<>();
        private int pos;
        private int depth;

        Reading(String text) {
            this.text = text;
        }

        Filter query() {
            if (text.length() > MAX_LENGTH) {
                throw error("a query of at most " + MAX_LENGTH + " characters", MAX_LENGTH);
            }
            Filter filter = or();
            skipSpaces();
            if (!atEnd()) {
                throw error(peek() == ')' ? "no ')' without its '('" : "'and', 'or' or the end of the query", pos);
            }
            return filter;
        }

        private Filter or() {
            List<Filter> any = new ArrayList<>(List.of(and()));
            while (keyword("or")) {
                any.add(and());
            }
            return any.size() == 1 ? any.get(0) : new Filter.Or(any);
        }

        private Filter and() {
            List<Filter> all = new ArrayList<>(List.of(sign()));
            while (true) {
                skipSpaces();
                if (atEnd() || peek() == ')' || upcomingKeyword("or")) {
                    break;
                }
                keyword("and");
                all.add(sign());
            }
            return all.size() == 1 ? all.get(0) : new Filter.And(all);
        }

        private Filter sign() {
            return keyword("not") ? new Filter.Not(item()) : item();
        }

        private Filter item() {
            skipSpaces();
            if (atEnd() || "),:{}".indexOf(peek()) >= 0
                    || (vocabulary.comparisons() && COMPARISON_STARTS.indexOf(peek()) >= 0)) {
                throw error("a field, a word, a phrase or '('", pos);
            }
            if (peek() == '(') {
                return group();
            }
            if (peek() == '"') {
                int start = pos;
                String phrase = quoted();
                spans.add(new QuerySpan(start, pos, QuerySpan.Kind.PHRASE));
                return new Filter.Phrase(phrase);
            }
            int start = pos;
            String word = word();
            int afterWord = pos;
            skipSpaces();
            if (!atEnd() && (peek() == ':' || (vocabulary.comparisons() && COMPARISON_STARTS.indexOf(peek()) >= 0))) {
                return field(word, start, afterWord);
            }
            pos = afterWord;
            spans.add(new QuerySpan(start, afterWord, QuerySpan.Kind.TEXT));
            return new Filter.Text(word);
        }

        private Filter group() {
            if (++depth > MAX_DEPTH) {
                throw error("at most " + MAX_DEPTH + " nested parentheses", pos);
            }
            spans.add(new QuerySpan(pos, pos + 1, QuerySpan.Kind.PARENTHESIS));
            pos++;
            Filter inner = or();
            skipSpaces();
            if (atEnd() || peek() != ')') {
                throw error("')'", pos);
            }
            spans.add(new QuerySpan(pos, pos + 1, QuerySpan.Kind.PARENTHESIS));
            pos++;
            depth--;
            return inner;
        }

        private Filter field(String name, int start, int end) {
            QueryField field = vocabulary.field(name).orElseThrow(() -> error("a field name ("
                    + String.join(", ", vocabulary.fieldNames()) + ") instead of '" + name + "'", start));
            spans.add(new QuerySpan(start, end, QuerySpan.Kind.FIELD_NAME));
            QueryField.Operator operator = operator();
            if (operator != QueryField.Operator.EQUALS) {
                return value(field, operator);
            }
            List<Filter> values = new ArrayList<>(List.of(value(field, operator)));
            while (true) {
                int beforeComma = pos;
                skipSpaces();
                if (atEnd() || peek() != ',') {
                    pos = beforeComma;
                    break;
                }
                pos++;
                values.add(value(field, operator));
            }
            return values.size() == 1 ? values.get(0) : new Filter.Or(values);
        }

        /** The operator after a field name, longest first: ':', '&lt;=', '&lt;', '&gt;=' or '&gt;'. */
        private QueryField.Operator operator() {
            int start = pos;
            QueryField.Operator operator = QueryField.Operator.EQUALS;
            for (QueryField.Operator candidate : List.of(QueryField.Operator.AT_MOST, QueryField.Operator.AT_LEAST,
                    QueryField.Operator.LESS, QueryField.Operator.GREATER)) {
                if (text.startsWith(candidate.symbol(), pos)) {
                    operator = candidate;
                    break;
                }
            }
            pos += operator.symbol().length();
            if (operator != QueryField.Operator.EQUALS) {
                spans.add(new QuerySpan(start, pos, QuerySpan.Kind.OPERATOR));
            }
            return operator;
        }

        private Filter value(QueryField field, QueryField.Operator operator) {
            skipSpaces();
            int start = pos;
            String value;
            if (!atEnd() && peek() == '{') {
                int close = text.indexOf('}', pos + 1);
                if (close < 0) {
                    throw error("'}'", text.length());
                }
                value = text.substring(pos + 1, close).trim();
                pos = close + 1;
            } else if (!atEnd() && peek() == '"') {
                value = quoted();
            } else {
                while (!atEnd() && !Character.isWhitespace(peek()) && peek() != ',' && peek() != ')') {
                    pos++;
                }
                value = text.substring(start, pos);
            }
            if (value.isEmpty()) {
                throw error(field.accepts() + " after '" + field.name() + operator.symbol() + "'", start);
            }
            spans.add(new QuerySpan(start, pos, QuerySpan.Kind.FIELD_VALUE));
            try {
                return field.condition(operator, value);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage(), start);
            }
        }

        private String quoted() {
            int close = text.indexOf('"', pos + 1);
            if (close < 0) {
                throw error("'\"'", text.length());
            }
            String inside = text.substring(pos + 1, close);
            if (inside.isBlank()) {
                throw error("text between the quotes", pos + 1);
            }
            pos = close + 1;
            return inside;
        }

        private String word() {
            int start = pos;
            while (!atEnd() && !Character.isWhitespace(peek()) && wordEnds.indexOf(peek()) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** Consumes {@code keyword} when it comes next as a word of its own. */
        private boolean keyword(String keyword) {
            if (!upcomingKeyword(keyword)) {
                return false;
            }
            skipSpaces();
            spans.add(new QuerySpan(pos, pos + keyword.length(), QuerySpan.Kind.KEYWORD));
            pos += keyword.length();
            return true;
        }

        private boolean upcomingKeyword(String keyword) {
            int at = pos;
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            int end = at + keyword.length();
            if (!text.regionMatches(true, at, keyword, 0, keyword.length())) {
                return false;
            }
            if (end < text.length() && !Character.isWhitespace(text.charAt(end)) && "(\"".indexOf(text.charAt(end)) < 0) {
                return false;
            }
            int next = end;
            while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                next++;
            }
            // "not:" would be a field named not, "not >" one compared
            return next >= text.length() || (text.charAt(next) != ':'
                    && !(vocabulary.comparisons() && COMPARISON_STARTS.indexOf(text.charAt(next)) >= 0));
        }

        private void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= text.length();
        }

        private char peek() {
            return text.charAt(pos);
        }

        private QuerySyntaxException error(String expected, int at) {
            return new QuerySyntaxException("expected " + expected + " at " + at, at, spans);
        }
    }
}
