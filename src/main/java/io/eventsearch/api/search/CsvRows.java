package io.eventsearch.api.search;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.query.SearchHit;

/**
 * CSV rows of an export (RFC 4180): a header row of {@code stream} and the columns (dotted paths such as
 * {@code location.city}), then one row per event. Fields with a comma, quote or line break are quoted, quotes
 * doubled; lists and objects are written as JSON. Text that a spreadsheet would run as a formula (starting with
 * {@code = + - @}, tab or carriage return) is prefixed with {@code '} and quoted, so it stays text.
 */
final class CsvRows {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final List<String> columns;
    private final ObjectMapper mapper;

    CsvRows(List<String> columns, ObjectMapper mapper) {
        this.columns = List.copyOf(columns);
        this.mapper = mapper;
    }

    String header() {
        StringBuilder row = new StringBuilder("stream");
        columns.forEach(column -> row.append(',').append(cell(column)));
        return row.append("\r\n").toString();
    }

    String row(SearchHit hit) {
        StringBuilder row = new StringBuilder(cell(hit.stream()));
        for (String column : columns) {
            row.append(',');
            Object value = hit.event().value(column);
            if (value == null) {
                continue;
            }
            row.append(value instanceof String text ? cell(text)
                    : value instanceof Map<?, ?> || value instanceof List<?> ? quoted(json(value))
                    : value.toString());
        }
        return row.append("\r\n").toString();
    }

    static String cell(String text) {
        if (!text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
            return quoted("'" + text);
        }
        boolean plain = text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? text : quoted(text);
    }

    private static String quoted(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored value is always JSON", e);
        }
    }
}
