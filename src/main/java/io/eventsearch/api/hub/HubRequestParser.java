package io.eventsearch.api.hub;

import io.eventsearch.api.querylang.FieldSelection;
import io.eventsearch.api.querylang.QuerySyntaxException;
import io.eventsearch.api.querylang.QueryParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventsearch.api.ApiException;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.Page;
import io.eventsearch.query.SortKey;

/**
 * Reads the parameters of Hub's Get All Events: {@code query} (Hub's query language), {@code fields} (partial
 * responses), {@code orderBy} ({@code timestamp} and {@code id}, each {@code :asc} or {@code :desc}; default
 * {@code timestamp:desc}), {@code $skip} and {@code $top}. The event id always breaks ties.
 */
final class HubRequestParser implements Listing.Parser<HubQuery> {

    static final int DEFAULT_TOP = 100;
    static final int MAX_TOP = 1000;
    private static final Set<String> KNOWN = Set.of("query", "fields", "orderBy", "$skip", "$top");
    private static final Pattern ORDER = Pattern.compile("(?i)(timestamp|id)(?::(asc|desc))?");

    private final QueryParser queries;

    HubRequestParser(QueryParser queries) {
        this.queries = queries;
    }

    @Override
    public HubQuery parse(ParameterReader parameters) {
        parameters.requireKnown(KNOWN::contains, "parameters are query, fields, orderBy, $skip and $top")
                .requireSingleValues(name -> "");
        int top = parameters.integer("$top", DEFAULT_TOP, 1, MAX_TOP);
        int skip = parameters.integer("$skip", 0, 0, Integer.MAX_VALUE);
        ParameterReader.requireOffsetWithinReach("$skip", skip, "narrow the query with after: and before:");
        FieldSelection fields = fields(parameters, HubEventRenderer.PAGE, HubEventRenderer.DEFAULT_PAGE);
        Filter filter = parameters.single("query").map(this::query).orElse(Filter.all());
        List<SortKey> sort = orderBy(parameters.single("orderBy").orElse("timestamp:desc"));
        return new HubQuery(new EventQuery(filter, sort, new Page.Offset(skip, top), Set.of()), skip, top, fields);
    }

    Filter query(String text) {
        if (text.isBlank()) {
            throw ApiException.badParameter("query", "must not be empty");
        }
        try {
            return queries.parse(text).filter();
        } catch (QuerySyntaxException e) {
            throw ApiException.badParameter("query", e.getMessage());
        }
    }

    static FieldSelection fields(ParameterReader parameters, FieldSelection.Shape shape, FieldSelection fallback) {
        return parameters.single("fields").map(text -> {
            if (text.isBlank()) {
                throw ApiException.badParameter("fields", "must not be empty");
            }
            try {
                return FieldSelection.parse(text.replace(" ", ""), shape);
            } catch (FieldSelection.InvalidSelection e) {
                throw ApiException.badParameter("fields", e.getMessage());
            }
        }).orElse(fallback);
    }

    private static List<SortKey> orderBy(String text) {
        List<SortKey> keys = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher matcher = ORDER.matcher(part.trim());
            if (!matcher.matches()) {
                throw ApiException.badParameter("orderBy", "'" + part.trim() + "' is not an order; write "
                        + "timestamp or id, each optionally followed by :asc or :desc, e.g. timestamp:desc,id:asc");
            }
            String field = matcher.group(1).toLowerCase(Locale.ROOT).equals("id") ? "id" : "timestamp";
            if (keys.stream().anyMatch(k -> k.field().equals(field))) {
                throw ApiException.badParameter("orderBy", "names '" + field + "' twice");
            }
            keys.add(new SortKey(field, "desc".equalsIgnoreCase(matcher.group(2))));
        }
        return keys;
    }
}
