package io.eventsearch.api.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.eventsearch.api.ApiException;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.Page;
import io.eventsearch.query.SortKey;

/**
 * Reads the parameters of {@code GET /audit/events}: {@code offset}, {@code limit}, {@code start} (inclusive) and
 * {@code end} (exclusive) in UTC {@code yyyy-MM-ddTHH:mm:ssZ}, and the equality filters {@code appId},
 * {@code userId}, {@code targetId} (UUIDs), {@code target} and {@code dataType}. Newest first, the id breaking ties.
 */
final class AuditQueryParser implements Listing.Parser<AuditQuery> {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final int MAX_VALUE_LENGTH = 512;
    private static final Pattern UTC_SECONDS = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> UUID_FILTERS = List.of("appId", "userId", "targetId");
    private static final List<String> TEXT_FILTERS = List.of("target", "dataType");
    private static final Set<String> KNOWN = Set.of("offset", "limit", "start", "end", "appId", "userId", "targetId",
            "target", "dataType");

    @Override
    public AuditQuery parse(ParameterReader parameters) {
        parameters.requireKnown(KNOWN::contains, "parameters are appId, dataType, end, limit, offset, start, target, "
                + "targetId, userId").requireSingleValues(name -> "");
        int limit = parameters.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        ParameterReader.requireOffsetWithinReach("offset", offset, "narrow the query with start and end");

        List<Filter> filters = new ArrayList<>();
        for (String name : UUID_FILTERS) {
            parameters.single(name).ifPresent(value -> {
                if (!UUID.matcher(value).matches()) {
                    throw ApiException.badParameter(name, "must be a UUID such as "
                            + "00000000-0000-0000-0000-000000000000, not '" + value + "'");
                }
                filters.add(new Filter.Term(name, value));
            });
        }
        for (String name : TEXT_FILTERS) {
            parameters.text(name, MAX_VALUE_LENGTH).ifPresent(value -> filters.add(new Filter.Term(name, value)));
        }
        Optional<Instant> start = utc(parameters, "start");
        Optional<Instant> end = utc(parameters, "end");
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            throw ApiException.badParameter("end", "must be after start (start is inclusive, end exclusive)");
        }
        if (start.isPresent() || end.isPresent()) {
            filters.add(new Filter.Range("eventTime", null, start.orElse(null), end.orElse(null), null));
        }
        EventQuery query = new EventQuery(new Filter.And(filters), List.of(SortKey.descending("eventTime")),
                new Page.Offset(offset, limit), Set.of());
        return new AuditQuery(query, offset, limit);
    }

    private static Optional<Instant> utc(ParameterReader parameters, String name) {
        return parameters.single(name).map(text -> {
            if (UTC_SECONDS.matcher(text).matches()) {
                try {
                    return Instant.parse(text);
                } catch (java.time.format.DateTimeParseException impossibleDate) {
                    // reported below
                }
            }
            throw ApiException.badParameter(name, "must be a UTC time written yyyy-MM-ddTHH:mm:ssZ, "
                    + "e.g. 2020-09-15T11:59:08Z, not '" + text + "'");
        });
    }
}
