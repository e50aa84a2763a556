package io.eventsearch.api.hub;

import io.eventsearch.api.querylang.QuerySpan;
import io.eventsearch.api.querylang.QuerySyntaxException;
import io.eventsearch.api.querylang.QueryParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.eventsearch.query.Filter;
import io.eventsearch.query.ValueCount;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;

/**
 * Query assist for editors of Hub queries: for the token at the caret, what may come there (field names, keywords,
 * or the caller's own most frequent values of the field being typed) with the text to insert and the range it
 * replaces; the ranges of the query that are field names, values, keywords, text and phrases; and, for a query that
 * does not parse, the error and its position.
 */
final class HubQueryAssist {

    private static final int MAX_VALUES = 10;
    private static final String WORD_BREAKS = "():,\"{}";
    private static final List<String> KEYWORDS = List.of("and", "or", "not");

    private final StreamDefinition stream;
    private final EventStore store;
    private final QueryParser parser;

    HubQueryAssist(StreamDefinition stream, EventStore store, QueryParser parser) {
        this.stream = stream;
        this.store = store;
        this.parser = parser;
    }

    Map<String, Object> assist(String tenant, String query, int caret) {
        List<QuerySpan> spans;
        Map<String, Object> error = null;
        try {
            spans = parser.parse(query).spans();
        } catch (QuerySyntaxException e) {
            spans = e.spansBefore();
            error = new LinkedHashMap<>(Map.of("message", e.getMessage(), "position", e.position()));
        }
        Token token = Token.at(query, caret);
        List<Map<String, Object>> suggestions = valueField(query, spans, token.start())
                .map(field -> values(tenant, field, token))
                .orElseGet(() -> namesAndKeywords(token));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query", query);
        answer.put("caret", caret);
        answer.put("suggestions", suggestions);
        answer.put("ranges", spans.stream().map(HubQueryAssist::range).toList());
        if (error != null) {
            answer.put("error", error);
        }
        return answer;
    }

    /** The word the caret stands in or after: what was typed of it (the prefix) and the range a suggestion replaces. */
    private record Token(int start, int end, String prefix) {

        static Token at(String query, int caret) {
            int start = caret;
            while (start > 0 && isWordChar(query.charAt(start - 1))) {
                start--;
            }
            int end = caret;
            while (end < query.length() && isWordChar(query.charAt(end))) {
                end++;
            }
            return new Token(start, end, query.substring(start, caret));
        }
    }

    /**
     * The field whose value is being typed at {@code start}: the token follows the field's ':' or a ',' after one of
     * its values, with nothing but spaces between.
     */
    private Optional<HubQueryField> valueField(String query, List<QuerySpan> spans, int start) {
        QuerySpan previous = null;
        HubQueryField field = null;
        for (QuerySpan span : spans) {
            if (span.end() > start) {
                break;
            }
            previous = span;
            if (span.kind() == QuerySpan.Kind.FIELD_NAME) {
                field = fieldNamed(query.substring(span.start(), span.end()));
            }
        }
        if (previous == null || field == null || (previous.kind() != QuerySpan.Kind.FIELD_NAME
                && previous.kind() != QuerySpan.Kind.FIELD_VALUE)) {
            return Optional.empty();
        }
        String between = query.substring(previous.end(), start).strip();
        boolean expectsValue = previous.kind() == QuerySpan.Kind.FIELD_NAME ? between.equals(":") : between.equals(",");
        return expectsValue ? Optional.of(field) : Optional.empty();
    }

    private static HubQueryField fieldNamed(String name) {
        return HubQueryField.ALL.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** The caller's most frequent values of the field that start with what was typed, ignoring case. */
    private List<Map<String, Object>> values(String tenant, HubQueryField field, Token token) {
        if (field.match() != HubQueryField.Match.EQUALS) {
            return List.of();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String path : field.fields()) {
            Filter filter = token.prefix().isEmpty() ? Filter.all() : new Filter.Prefix(path, token.prefix(), true);
            for (ValueCount value : store.topValues(stream, tenant, filter, path, MAX_VALUES)) {
                counts.merge(value.value(), value.count(), Long::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_VALUES)
                .map(e -> suggestion(e.getKey(), quote(e.getKey()), token,
                        e.getValue() + (e.getValue() == 1 ? " event" : " events")))
                .toList();
    }

    private static List<Map<String, Object>> namesAndKeywords(Token token) {
        String typed = token.prefix().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> suggestions = new ArrayList<>();
        for (HubQueryField field : HubQueryField.ALL) {
            if (field.name().toLowerCase(Locale.ROOT).startsWith(typed)) {
                suggestions.add(suggestion(field.name() + ":", field.name() + ": ", token, field.meaning()));
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
    private static String quote(String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c)
                || WORD_BREAKS.indexOf(c) >= 0);
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

    private static boolean isWordChar(char c) {
        return !Character.isWhitespace(c) && WORD_BREAKS.indexOf(c) < 0;
    }
}
