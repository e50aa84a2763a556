package io.eventsearch.api.querylang;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.eventsearch.query.ValueCount;

/**
 * Query assist for editors of queries in any dialect: for the token at the caret, what may come there (field names,
 * keywords, or the caller's own most frequent values of the field being typed) with the text to insert and the
 * range it replaces; the ranges of the query that are field names, operators, values, keywords, text and phrases;
 * and, for a query that does not parse, the error and its position.
 */
public final class QueryAssist {

    private static final int MAX_VALUES = 10;
    private static final List<String> KEYWORDS = List.of("and", "or", "not");

    /** The caller's values of a field, most frequent first, that start with a prefix (ignoring case). */
    @FunctionalInterface
    public interface Values {
        List<ValueCount> suggest(String tenant, QueryField field, String prefix, int size);
    }

    private final QueryParser parser;
    private final Vocabulary vocabulary;
    private final Values values;

    public QueryAssist(Vocabulary vocabulary, Values values) {
        this.parser = new QueryParser(vocabulary);
        this.vocabulary = vocabulary;
        this.values = values;
    }

    public Map<String, Object> assist(String tenant, String query, int caret) {
        List<QuerySpan> spans;
        Map<String, Object> error = null;
        try {
            spans = parser.parse(query).spans();
        } catch (QuerySyntaxException e) {
            spans = e.spansBefore();
            error = new LinkedHashMap<>(Map.of("message", e.getMessage(), "position", e.position()));
        }
        Token token = Token.at(query, caret, parser.wordEnds());
        List<Map<String, Object>> suggestions = valueField(query, spans, token.start())
                .map(field -> values(tenant, field, token))
                .orElseGet(() -> namesAndKeywords(token));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query", query);
        answer.put("caret", caret);
        answer.put("suggestions", suggestions);
        answer.put("ranges", spans.stream().map(QueryAssist::range).toList());
        if (error != null) {
            answer.put("error", error);
        }
        return answer;
    }

    /** The word the caret stands in or after: what was typed of it (the prefix) and the range a suggestion replaces. */
    private record Token(int start, int end, String prefix, String wordEnds) {

        static Token at(String query, int caret, String wordEnds) {
            int start = caret;
            while (start > 0 && isWordChar(query.charAt(start - 1), wordEnds)) {
                start--;
            }
            int end = caret;
            while (end < query.length() && isWordChar(query.charAt(end), wordEnds)) {
                end++;
            }
            return new Token(start, end, query.substring(start, caret), wordEnds);
        }
    }

    /**
     * The field whose value is being typed at {@code start}: the token follows the field's operator, or a ',' after
     * one of its values, with nothing but spaces between.
     */
    private Optional<QueryField> valueField(String query, List<QuerySpan> spans, int start) {
        QuerySpan previous = null;
        QueryField field = null;
        for (QuerySpan span : spans) {
            if (span.end() > start) {
                break;
            }
            previous = span;
            if (span.kind() == QuerySpan.Kind.FIELD_NAME) {
                field = vocabulary.field(query.substring(span.start(), span.end())).orElse(null);
            }
        }
        if (previous == null || field == null) {
            return Optional.empty();
        }
        String between = query.substring(previous.end(), start).strip();
        boolean expectsValue = switch (previous.kind()) {
            case FIELD_NAME -> between.equals(":");
            case OPERATOR -> between.isEmpty();
            case FIELD_VALUE -> between.equals(",");
            default -> false;
        };
        return expectsValue ? Optional.of(field) : Optional.empty();
    }

    private List<Map<String, Object>> values(String tenant, QueryField field, Token token) {
        return values.suggest(tenant, field, token.prefix(), MAX_VALUES).stream()
                .sorted(Comparator.comparing(ValueCount::count, Comparator.reverseOrder())
                        .thenComparing(ValueCount::value))
                .limit(MAX_VALUES)
                .map(v -> suggestion(v.value(), quote(v.value(), token.wordEnds()), token,
                        v.count() + (v.count() == 1 ? " event" : " events")))
                .toList();
    }

    private List<Map<String, Object>> namesAndKeywords(Token token) {
        String typed = token.prefix().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> suggestions = new ArrayList<>();
        for (String name : vocabulary.fieldNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(typed)) {
                String meaning = vocabulary.field(name).map(QueryField::meaning).orElse("");
                suggestions.add(suggestion(name + ":", name + ": ", token, meaning));
            }
        }
        for (String keyword : KEYWORDS) {
            if (keyword.startsWith(typed) && !keyword.equals(typed)) {
                suggestions.add(suggestion(keyword, keyword + " ", token, "keyword"));
            }
        }
        return suggestions;
    }

    /** A value as the query language reads it back: in braces when it holds a space or a character that ends words. */
    private static String quote(String value, String wordEnds) {
        boolean plain = !value.isEmpty() && value.chars().allMatch(c -> isWordChar((char) c, wordEnds));
        return plain ? value : "{" + value.replace("}", "") + "}";
    }

    private static Map<String, Object> suggestion(String option, String insert, Token token, String description) {
        Map<String, Object> suggestion = new LinkedHashMap<>();
        suggestion.put("option", option);
        suggestion.put("insert", insert);
        suggestion.put("start", token.start());
        suggestion.put("end", token.end());
        suggestion.put("description", description);
        return suggestion;
    }

    private static Map<String, Object> range(QuerySpan span) {
        return Map.of("start", span.start(), "end", span.end(), "style", span.kind().name().toLowerCase(Locale.ROOT));
    }

    private static boolean isWordChar(char c, String wordEnds) {
        return !Character.isWhitespace(c) && wordEnds.indexOf(c) < 0;
    }
}
