package io.eventsearch.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventsearch.query.Page;
import io.eventsearch.query.SortKey;
import io.eventsearch.query.ValueParser;
import io.eventsearch.stream.FieldType;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;

/**
 * A request's query parameters, decoded, with the checks every API makes of them. Each refusal is an
 * {@link ApiException} 400 that names the parameter; adapters add their own hints (which filters exist, how to ask
 * for several values) so that the words fit their API.
 */
public final class ParameterReader {

    private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]{1,10}");
    private static final Pattern BRACKETED = Pattern.compile("([A-Za-z][A-Za-z0-9_.]*)(?:\\[([A-Za-z]*)])?");

    private final Map<String, List<String>> parameters;

    private ParameterReader(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** The parameters of {@code req}; malformed percent-encoding is a 400. */
    public static ParameterReader of(ServerRequest req) {
        try {
            UriQuery query = req.query();
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            for (String name : query.names()) {
                List<String> values = query.all(name);
                if (name.isEmpty() && values.stream().allMatch(String::isEmpty)) {
                    continue; // bare separators ("?&&a=1"): nothing was asked
                }
                // A name without '=' ("?releaseChannel") is the name with an empty value, which each API refuses.
                parameters.put(name, values.isEmpty() ? List.of("") : List.copyOf(values));
            }
            return new ParameterReader(parameters);
        } catch (RuntimeException e) {
            // Helidon decodes lazily and fails on input such as a lone '%'.
            throw ApiException.malformedQuery();
        }
    }

    /** @param parameters every parameter with all its values, in request order */
    public static ParameterReader of(Map<String, List<String>> parameters) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return new ParameterReader(copy);
    }

    /** Every parameter with all its values, in request order. */
    public Map<String, List<String>> all() {
        return parameters;
    }

    public Set<String> names() {
        return parameters.keySet();
    }

    /** Refuses a parameter given twice; {@code hint} says, per name, how to ask for several values ("" for none). */
    public ParameterReader requireSingleValues(Function<String, String> hint) {
        parameters.forEach((name, values) -> {
            if (values.size() > 1) {
                throw ApiException.badParameter(name, "is given more than once" + hint.apply(name));
            }
        });
        return this;
    }

    /** Refuses a parameter the API does not know; {@code known} says which exist, in the message's words. */
    public ParameterReader requireKnown(Predicate<String> isKnown, String known) {
        for (String name : parameters.keySet()) {
            if (!isKnown.test(name)) {
                throw ApiException.badParameter(name, "is not a parameter of this API; " + known);
            }
        }
        return this;
    }

    /** The parameter's first value, as sent (possibly empty). */
    public Optional<String> single(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Free text: not blank, at most {@code maxLength} characters. */
    public Optional<String> text(String name, int maxLength) {
        return single(name).map(text -> {
            if (text.isBlank()) {
                throw ApiException.badParameter(name, "must not be empty");
            }
            if (text.length() > maxLength) {
                throw ApiException.badParameter(name, "is longer than " + maxLength + " characters");
            }
            return text;
        });
    }

    /** An integer (ASCII digits) between {@code min} and {@code max}, or {@code fallback} when absent. */
    public int integer(String name, int fallback, int min, int max) {
        Optional<String> text = single(name);
        if (text.isEmpty()) {
            return fallback;
        }
        String digits = text.get().trim();
        if (ASCII_INTEGER.matcher(digits).matches()) {
            long value = Long.parseLong(digits);
            if (value >= min && value <= max) {
                return (int) value;
            }
        }
        throw ApiException.badParameter(name, "must be " + (max == Integer.MAX_VALUE
                ? "an integer of at least " + min : "an integer between " + min + " and " + max)
                + ", not '" + text.get() + "'");
    }

    /** Refuses an offset past {@link Page#MAX_OFFSET}; {@code narrowing} says how to narrow this API's query. */
    public static void requireOffsetWithinReach(String name, long offset, String narrowing) {
        if (offset > Page.MAX_OFFSET) {
            throw ApiException.badParameter(name, "reaches past the " + Page.MAX_OFFSET + "th event; " + narrowing);
        }
    }

    /** {@code text} read as a value of a field of {@code type}; a malformed value is a 400 naming {@code name}. */
    public static Object typed(String name, FieldType type, String text) {
        try {
            return ValueParser.parse(type, text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(name, e.getMessage());
        }
    }

    /**
     * A sort list: comma-separated API field names, each optionally prefixed {@code -} (descending) or {@code +}.
     *
     * @param sortable API field name to stream field path
     */
    public List<SortKey> sort(String name, String fallback, Map<String, String> sortable) {
        List<SortKey> keys = new ArrayList<>();
        for (String part : single(name).orElse(fallback).split(",", -1)) {
            String key = part.trim();
            boolean descending = key.startsWith("-");
            String field = descending || key.startsWith("+") ? key.substring(1) : key;
            String path = sortable.get(field);
            if (path == null) {
                throw ApiException.badParameter(name, (field.isEmpty() ? "has an empty field"
                        : "cannot sort by '" + field + "'") + "; sortable fields are "
                        + String.join(", ", sortable.keySet().stream().sorted().toList()));
            }
            keys.add(new SortKey(path, descending));
        }
        return keys;
    }

    /** A filter parameter's name written {@code field} or {@code field[op]}; op is empty when not given. */
    public record FilterName(String field, Optional<String> operator) {

        /** {@code name} split into field and operator, or empty when it has neither form. */
        public static Optional<FilterName> parse(String name) {
            Matcher matcher = BRACKETED.matcher(name);
            return matcher.matches()
                    ? Optional.of(new FilterName(matcher.group(1), Optional.ofNullable(matcher.group(2))))
                    : Optional.empty();
        }
    }
}
