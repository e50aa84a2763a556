package io.eventsearch.api.hub;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.eventsearch.query.Filter;
import io.eventsearch.query.ValueParser;
import io.eventsearch.stream.IdKind;
import io.eventsearch.stream.StreamDefinition;

/**
 * Hub's query language, read by recursive descent into the shared {@link Filter} model.
 * <pre>
 * Query         ::= OrExpression
 * OrExpression  ::= AndExpression ("or" AndExpression)*
 * AndExpression ::= SignExpression (["and"] SignExpression)*     juxtaposed items mean "and"
 * SignExpression::= ["not"] Item
 * Item          ::= "(" Query ")" | Field | Phrase | Text
 * Field         ::= FieldName ":" Value ("," Value)*             several values mean either
 * Value         ::= "{" any text but "}" "}" | '"' any text but '"' '"' | Bare
 * Bare          ::= characters up to a space, "," or ")"          (so instants keep their ':')
 * Phrase        ::= '"' any text but '"' '"'                      exact phrase over the text fields
 * Text          ::= characters up to a space or one of ( ) : , " { }   free text, words ANDed
 * </pre>
 * Keywords ({@code and}, {@code or}, {@code not}) and field names are case-insensitive, and so are the values of
 * author, event, entityType and target. {@code and} binds tighter than {@code or}. A syntax error names what was
 * expected and the 0-based character where it was expected: {@code expected ')' at 14}.
 */
final class HubQueryParser {

    static final int MAX_LENGTH = 2048;
    private static final int MAX_DEPTH = 32;
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]{1,15}");

    private final Map<String, HubQueryField> fields;

    HubQueryParser(StreamDefinition stream) {
        for (HubQueryField field : HubQueryField.ALL) {
            field.fields().forEach(path -> stream.field(path).orElseThrow(() ->
                    new IllegalStateException("query field " + field.name() + " reads " + path
                            + ", which the " + stream.name() + " stream lacks")));
        }
        this.fields = HubQueryField.ALL.stream()
                .collect(Collectors.toMap(f -> f.name().toLowerCase(Locale.ROOT), Function.identity()));
    }

    /** A parsed query: the filter, and every span read, in order. */
    record Parsed(Filter filter, List<QuerySpan> spans) {
    }

    Parsed parse(String query) {
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
            if (atEnd() || peek() == ')' || peek() == ',' || peek() == ':' || peek() == '{' || peek() == '}') {
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
            if (!atEnd() && peek() == ':') {
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
            HubQueryField field = fields.get(name.toLowerCase(Locale.ROOT));
            if (field == null) {
                throw error("a field name (" + HubQueryField.ALL.stream().map(HubQueryField::name)
                        .collect(Collectors.joining(", ")) + ") instead of '" + name + "'", start);
            }
            spans.add(new QuerySpan(start, end, QuerySpan.Kind.FIELD_NAME));
            pos++; // the ':'
            List<Filter> values = new ArrayList<>(List.of(value(field)));
            while (true) {
                int beforeComma = pos;
                skipSpaces();
                if (atEnd() || peek() != ',') {
                    pos = beforeComma;
                    break;
                }
                pos++;
                values.add(value(field));
            }
            return values.size() == 1 ? values.get(0) : new Filter.Or(values);
        }

        private Filter value(HubQueryField field) {
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
                throw error(field.accepts() + " after '" + field.name() + ":'", start);
            }
            spans.add(new QuerySpan(start, pos, QuerySpan.Kind.FIELD_VALUE));
            return condition(field, value, start);
        }

        private Filter condition(HubQueryField field, String value, int at) {
            return switch (field.match()) {
                case EQUALS -> field.fields().size() == 1 ? new Filter.Term(field.fields().get(0), value, true)
                        : new Filter.Or(field.fields().stream()
                                .<Filter>map(f -> new Filter.Term(f, value, true)).toList());
                case BEFORE -> new Filter.Range("timestamp", null, null, instant(field, value, at), null);
                case AFTER -> new Filter.Range("timestamp", instant(field, value, at), null, null, null);
                case BEFORE_ID -> new Filter.Range("id", null, null, null, eventId(field, value, at));
                case AFTER_ID -> new Filter.Range("id", eventId(field, value, at), null, null, null);
            };
        }

        private Instant instant(HubQueryField field, String value, int at) {
            if (EPOCH_MILLIS.matcher(value).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            try {
                return ValueParser.instant(value);
            } catch (IllegalArgumentException e) {
                throw error(field.accepts() + " after '" + field.name() + ":', not '" + value + "',", at);
            }
        }

        private Long eventId(HubQueryField field, String value, int at) {
            if (!IdKind.isDecimalId(value)) {
                throw error(field.accepts() + " (a positive number) after '" + field.name() + ":', not '" + value
                        + "',", at);
            }
            return Long.parseLong(value);
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
            while (!atEnd() && !Character.isWhitespace(peek()) && "():,\"{}".indexOf(peek()) < 0) {
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
            return next >= text.length() || text.charAt(next) != ':'; // "not:" would be a field named not
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

        private HubQuerySyntaxException error(String expected, int at) {
            return new HubQuerySyntaxException("expected " + expected + " at " + at, at, spans);
        }
    }
}
