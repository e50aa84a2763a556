package io.eventsearch.api.hub;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import io.eventsearch.api.querylang.QueryField;
import io.eventsearch.query.Filter;
import io.eventsearch.query.ValueParser;
import io.eventsearch.stream.IdKind;

/**
 * A field of Hub's query language and the stream fields it reads: {@code author:} matches the author's id or display
 * name, {@code before:} compares the timestamp, and so on.
 *
 * @param name     the name as written in queries (matched ignoring case)
 * @param fields   the hub stream's fields it reads
 * @param match    how a value is compared
 * @param accepts  what a value is, in the words of an error message
 * @param meaning  what the field selects, in the seed's words (query assist shows it)
 */
record HubQueryField(String name, List<String> fields, Match match, String accepts, String meaning)
        implements QueryField {

    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]{1,15}");

    /** How a value is compared with the fields. */
    enum Match {
        /** equal to one of the fields, ignoring case */
        EQUALS,
        /** the timestamp lies before the instant (exclusive) */
        BEFORE,
        /** the timestamp lies after the instant (exclusive) */
        AFTER,
        /** the id is at most the value (inclusive) */
        BEFORE_ID,
        /** the id is more than the value (exclusive) */
        AFTER_ID
    }

    private static final String INSTANT = "an instant (ISO-8601 with a zone, or epoch milliseconds)";

    /** The fields of the seed, in the order suggestions list them. */
    static final List<HubQueryField> ALL = List.of(
            new HubQueryField("author", List.of("author", "authorPresentation"), Match.EQUALS,
                    "a user, group or service", "Events triggered by the user, group or service"),
            new HubQueryField("event", List.of("type"), Match.EQUALS, "an audit event type",
                    "Events of the given type created, updated or deleted"),
            new HubQueryField("entityType", List.of("targetType"), Match.EQUALS, "an entity type",
                    "Events with the entities of the given type"),
            new HubQueryField("target", List.of("targetId", "targetPresentation"), Match.EQUALS, "an event target",
                    "Events with the given event target"),
            new HubQueryField("before", List.of("timestamp"), Match.BEFORE, INSTANT, "Events before the given moment"),
            new HubQueryField("after", List.of("timestamp"), Match.AFTER, INSTANT, "Events after the given moment"),
            new HubQueryField("beforeId", List.of("id"), Match.BEFORE_ID, "an event id",
                    "Events before the given id (including)"),
            new HubQueryField("afterId", List.of("id"), Match.AFTER_ID, "an event id",
                    "Events after the given id excluding"));

    @Override
    public Filter condition(Operator operator, String value) {
        return switch (match) {
            case EQUALS -> fields.size() == 1 ? new Filter.Term(fields.get(0), value, true)
                    : new Filter.Or(fields.stream().<Filter>map(f -> new Filter.Term(f, value, true)).toList());
            case BEFORE -> new Filter.Range("timestamp", null, null, instant(value), null);
            case AFTER -> new Filter.Range("timestamp", instant(value), null, null, null);
            case BEFORE_ID -> new Filter.Range("id", null, null, null, eventId(value));
            case AFTER_ID -> new Filter.Range("id", eventId(value), null, null, null);
        };
    }

    private Instant instant(String value) {
        try {
            return EPOCH_MILLIS.matcher(value).matches()
                    ? ValueParser.withinCalendar(Instant.ofEpochMilli(Long.parseLong(value)), value)
                    : ValueParser.instant(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(accepts + " after '" + name + ":', not '" + value + "',");
        }
    }

    private Long eventId(String value) {
        if (!IdKind.isDecimalId(value)) {
            throw new IllegalArgumentException(accepts + " (a positive number) after '" + name + ":', not '" + value
                    + "',");
        }
        return Long.parseLong(value);
    }
}
