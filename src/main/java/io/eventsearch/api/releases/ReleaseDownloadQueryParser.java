package io.eventsearch.api.releases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventsearch.api.ApiException;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.Page;
import io.eventsearch.query.SortKey;
import io.eventsearch.query.ValueParser;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;

/**
 * Reads the parameters of {@code GET /v3/release-download-events} into the query model: {@code page}, {@code limit},
 * {@code sort}, {@code search}, and filters written {@code field=value} or {@code field[op]=value} with op one of
 * eq, ne, in, gt, gte, lt, lte. Anything it does not know is a 400 that names the parameter.
 */
final class ReleaseDownloadQueryParser {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final int MAX_IN_VALUES = 100;
    private static final int MAX_SEARCH_LENGTH = 512;
    private static final Pattern FILTER = Pattern.compile("([A-Za-z]+)(?:\\[([A-Za-z]*)])?");
    private static final Set<String> CONTROL = Set.of("page", "limit", "sort", "search");

    /** API parameter name to stream field: the seed names its filters after the event's fields. */
    private static final Map<String, String> FILTER_FIELDS = filterFields();

    private final StreamDefinition stream;

    ReleaseDownloadQueryParser(StreamDefinition stream) {
        this.stream = stream;
        FILTER_FIELDS.values().forEach(path -> stream.field(path).orElseThrow(
                () -> new IllegalStateException("release-downloads stream lacks field " + path)));
    }

    private static Map<String, String> filterFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String same : List.of("id", "releaseId", "productId", "userId", "licenseId", "statusCode", "errorCode",
                "releaseFileName", "releaseVersion", "releaseChannel", "createdAt", "updatedAt")) {
            fields.put(same, same);
        }
        fields.put("countryCode", "location.countryCode");
        return Map.copyOf(fields);
    }

    /** @param parameters every query parameter with all its values, in request order */
    ReleaseDownloadQuery parse(Map<String, List<String>> parameters) {
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (parameter.getValue().size() > 1) {
                throw ApiException.badParameter(name, "is given more than once" + (CONTROL.contains(name) ? ""
                        : "; to match several values use " + baseName(name) + "[in]=a,b"));
            }
            if (!CONTROL.contains(name)) {
                filters.add(filter(name, parameter.getValue().get(0)));
            }
        }
        int limit = integer(parameters, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int page = integer(parameters, "page", 1, 1, Integer.MAX_VALUE);
        long offset = (long) (page - 1) * limit;
        if (offset > Page.MAX_OFFSET) {
            throw ApiException.badParameter("page", "reaches past the " + Page.MAX_OFFSET
                    + "th event; narrow the query with filters such as createdAt[gte]");
        }
        Optional<String> search = single(parameters, "search").map(text -> {
            if (text.isBlank()) {
                throw ApiException.badParameter("search", "must not be empty");
            }
            if (text.length() > MAX_SEARCH_LENGTH) {
                throw ApiException.badParameter("search", "is longer than " + MAX_SEARCH_LENGTH + " characters");
            }
            return text;
        });
        List<SortKey> sort = sort(single(parameters, "sort").orElse("createdAt"));
        EventQuery query = new EventQuery(new Filter.And(filters), search, sort, new Page.Offset(offset, limit), Set.of());
        return new ReleaseDownloadQuery(query, page, limit);
    }

    private Filter filter(String name, String value) {
        Matcher matcher = FILTER.matcher(name);
        if (!matcher.matches() || !FILTER_FIELDS.containsKey(matcher.group(1))) {
            throw ApiException.badParameter(name, "is not a parameter of this API; filters are "
                    + String.join(", ", FILTER_FIELDS.keySet().stream().sorted().toList())
                    + ", and page, limit, sort, search");
        }
        String path = FILTER_FIELDS.get(matcher.group(1));
        StreamField field = stream.field(path).orElseThrow();
        String op = matcher.group(2) == null ? "eq" : matcher.group(2);
        return switch (op) {
            case "eq" -> new Filter.Term(path, value(name, field, value));
            case "ne" -> new Filter.Not(new Filter.Term(path, value(name, field, value)));
            case "in" -> {
                List<String> parts = Arrays.asList(value.split(",", -1));
                if (parts.size() > MAX_IN_VALUES) {
                    throw ApiException.badParameter(name, "lists more than " + MAX_IN_VALUES + " values");
                }
                yield new Filter.Terms(path, parts.stream().map(p -> value(name, field, p.trim())).toList());
            }
            case "gt", "gte", "lt", "lte" -> {
                if (field.type() != FieldType.DATE && !field.type().isNumeric()) {
                    throw ApiException.badParameter(name, "'" + op + "' compares dates and numbers; "
                            + matcher.group(1) + " is text, use eq, ne or in");
                }
                Object bound = value(name, field, value);
                yield new Filter.Range(path, op.equals("gt") ? bound : null, op.equals("gte") ? bound : null,
                        op.equals("lt") ? bound : null, op.equals("lte") ? bound : null);
            }
            default -> throw ApiException.badParameter(name, "unknown operator '" + op
                    + "'; use eq, ne, in, gt, gte, lt or lte");
        };
    }

    private static Object value(String parameter, StreamField field, String text) {
        try {
            return ValueParser.parse(field.type(), text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(parameter, e.getMessage());
        }
    }

    private List<SortKey> sort(String text) {
        List<SortKey> keys = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String key = part.trim();
            boolean descending = key.startsWith("-");
            String name = descending ? key.substring(1) : key.startsWith("+") ? key.substring(1) : key;
            String path = FILTER_FIELDS.get(name);
            if (path == null) {
                throw ApiException.badParameter("sort", (name.isEmpty() ? "has an empty field" : "cannot sort by '" + name + "'")
                        + "; sortable fields are " + String.join(", ", FILTER_FIELDS.keySet().stream().sorted().toList()));
            }
            keys.add(new SortKey(path, descending));
        }
        return keys;
    }

    private static String baseName(String name) {
        int bracket = name.indexOf('[');
        return bracket < 0 ? name : name.substring(0, bracket);
    }

    private static Optional<String> single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static int integer(Map<String, List<String>> parameters, String name, int fallback, int min, int max) {
        Optional<String> text = single(parameters, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badParameter(name, "must be " + (max == Integer.MAX_VALUE
                ? "an integer of at least " + min : "an integer between " + min + " and " + max)
                + ", not '" + text.get() + "'");
    }
}
