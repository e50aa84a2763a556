package io.eventsearch.api.usage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Reads the parameters of {@code GET /v1/events}: {@code events} (a family of event types), {@code limit},
 * {@code startAfter} (epoch ms) with {@code startAfterId} for keyset paging in (stored_at, id) order, {@code pretty}.
 * Only the past {@code window} (24 hours) is ever returned, as the seed says.
 */
final class UsageQueryParser implements Listing.Parser<UsageQuery> {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Each family and the prefix its event types share: api_key_added is api_keys, queue_created is queues. */
    static final Map<String, String> FAMILIES = Map.of("api_keys", "api_key_", "listeners", "listener_",
            "messages", "message_", "queues", "queue_");
    private static final Set<String> KNOWN = Set.of("events", "limit", "startAfter", "startAfterId", "pretty");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("[0-9]{1,15}");
    private static final int MAX_ID_LENGTH = 256;

    private final Clock clock;
    private final Duration window;

    UsageQueryParser(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    @Override
    public UsageQuery parse(ParameterReader parameters) {
        parameters.requireKnown(KNOWN::contains, "parameters are events, limit, pretty, startAfter and startAfterId")
                .requireSingleValues(name -> "");
        Map<String, String> kept = new LinkedHashMap<>();
        List<Filter> filters = new ArrayList<>();
        filters.add(new Filter.Range("stored_at", null, clock.instant().minus(window), null, null));
        String family = parameters.single("events").orElse("all");
        if (!family.equals("all") && !FAMILIES.containsKey(family)) {
            throw ApiException.badParameter("events", "must be one of all, api_keys, listeners, messages, queues, "
                    + "not '" + family + "'");
        }
        if (!family.equals("all")) {
            filters.add(new Filter.Prefix("type", FAMILIES.get(family), false));
        }
        parameters.single("events").ifPresent(value -> kept.put("events", value));
        int limit = parameters.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        parameters.single("limit").ifPresent(value -> kept.put("limit", Integer.toString(limit)));
        boolean pretty = switch (parameters.single("pretty").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badParameter("pretty", "must be true or false");
        };
        parameters.single("pretty").ifPresent(value -> kept.put("pretty", value));
        Page page = after(parameters).<Page>map(after -> new Page.After(after, limit))
                .orElse(new Page.Offset(0, limit));
        EventQuery query = new EventQuery(new Filter.And(filters), List.of(SortKey.ascending("stored_at")), page,
                Set.of());
        return new UsageQuery(query, pretty, kept);
    }

    /** The keyset cursor: the stored_at and id of the last event seen; both or neither. */
    private static Optional<List<Object>> after(ParameterReader parameters) {
        Optional<String> time = parameters.single("startAfter");
        Optional<String> id = parameters.single("startAfterId");
        if (time.isPresent() != id.isPresent()) {
            String missing = time.isPresent() ? "startAfterId" : "startAfter";
            throw ApiException.badParameter(missing, "is required with " + (time.isPresent() ? "startAfter" : "startAfterId")
                    + ": the two name the last event seen (its stored_at and its id)");
        }
        if (time.isEmpty()) {
            return Optional.empty();
        }
        if (!EPOCH_MILLIS.matcher(time.get()).matches()) {
            throw ApiException.badParameter("startAfter", "must be a time in epoch milliseconds, not '" + time.get() + "'");
        }
        if (id.get().isEmpty() || id.get().length() > MAX_ID_LENGTH) {
            throw ApiException.badParameter("startAfterId", "must be an event id of 1 to " + MAX_ID_LENGTH + " characters");
        }
        return Optional.of(List.of(Long.parseLong(time.get()), id.get()));
    }
}
