package io.eventsearch.api.releases;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventsearch.api.ApiException;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.api.ParameterReader.FilterName;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.Page;
import io.eventsearch.query.SortKey;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;

/**
 * Reads the parameters of {@code GET /v3/release-download-events} into the query model: {@code page}, {@code limit},
 * {@code sort}, {@code search}, and filters written {@code field=value} or {@code field[op]=value} with op one of
 * eq, ne, in, gt, gte, lt, lte. Anything it does not know is a 400 that names the parameter.
 */
final class ReleaseDownloadQueryParser implements Listing.Parser<ReleaseDownloadQuery> {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final int MAX_IN_VALUES = 100;
    private static final int MAX_SEARCH_LENGTH = 512;
    private static final Set<String> CONTROL = Set.of("page", "limit", "sort", "search");

    /** API parameter name to stream field: the seed names its filters after the event's fields. */
    private static final Map<String, String> FILTER_FIELDS = filterFields();
    private static final String KNOWN = "filters are " + String.join(", ", FILTER_FIELDS.keySet().stream().sorted()
            .toList()) + ", and page, limit, sort, search";

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

    @Override
    public ReleaseDownloadQuery parse(ParameterReader parameters) {
        parameters.requireSingleValues(name -> CONTROL.contains(name) ? ""
                : "; to match several values use " + FilterName.parse(name).map(FilterName::field).orElse(name)
                + "[in]=a,b");
        List<Filter> filters = new ArrayList<>();
        parameters.all().forEach((name, values) -> {
            if (!CONTROL.contains(name)) {
                filters.add(filter(name, values.get(0)));
            }
        });
        int limit = parameters.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int page = parameters.integer("page", 1, 1, Integer.MAX_VALUE);
        long offset = (long) (page - 1) * limit;
        ParameterReader.requireOffsetWithinReach("page", offset, "narrow the query with filters such as createdAt[gte]");
        parameters.text("search", MAX_SEARCH_LENGTH).ifPresent(text -> filters.add(new Filter.Text(text)));
        List<SortKey> sort = parameters.sort("sort", "createdAt", FILTER_FIELDS);
        EventQuery query = new EventQuery(new Filter.And(filters), sort, new Page.Offset(offset, limit), Set.of());
        return new ReleaseDownloadQuery(query, page, limit);
    }

    private Filter filter(String name, String value) {
        FilterName filter = FilterName.parse(name).filter(f -> FILTER_FIELDS.containsKey(f.field()))
                .orElseThrow(() -> ApiException.badParameter(name, "is not a parameter of this API; " + KNOWN));
        String path = FILTER_FIELDS.get(filter.field());
        FieldType type = stream.field(path).map(StreamField::type).orElseThrow();
        String op = filter.operator().orElse("eq");
        return switch (op) {
            case "eq" -> new Filter.Term(path, ParameterReader.typed(name, type, value));
            case "ne" -> new Filter.Not(new Filter.Term(path, ParameterReader.typed(name, type, value)));
            case "in" -> {
                List<String> parts = Arrays.asList(value.split(",", -1));
                if (parts.size() > MAX_IN_VALUES) {
                    throw ApiException.badParameter(name, "lists more than " + MAX_IN_VALUES + " values");
                }
                yield new Filter.Terms(path, parts.stream().map(p -> ParameterReader.typed(name, type, p.trim())).toList());
            }
            case "gt", "gte", "lt", "lte" -> {
                if (type != FieldType.DATE && !type.isNumeric()) {
                    throw ApiException.badParameter(name, "'" + op + "' compares dates and numbers; "
                            + filter.field() + " is text, use eq, ne or in");
                }
                Object bound = ParameterReader.typed(name, type, value);
                yield new Filter.Range(path, op.equals("gt") ? bound : null, op.equals("gte") ? bound : null,
                        op.equals("lt") ? bound : null, op.equals("lte") ? bound : null);
            }
            default -> throw ApiException.badParameter(name, "unknown operator '" + op
                    + "'; use eq, ne, in, gt, gte, lt or lte");
        };
    }
}
