package io.eventsearch.api.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventsearch.query.SearchHit;
import io.eventsearch.stream.StreamCatalog;

/**
 * One hit as the native API writes it: {@code {"stream", "id", "time", "event", "highlights"}}, with the id as a
 * string and the time as ISO-8601 in UTC whatever the stream stores, so clients read every stream alike.
 */
final class HitRenderer {

    private final StreamCatalog streams;

    HitRenderer(StreamCatalog streams) {
        this.streams = streams;
    }

    Map<String, Object> render(SearchHit hit, boolean withHighlights) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stream", hit.stream());
        streams.find(hit.stream()).ifPresent(stream -> {
            Object id = hit.event().value(stream.idField());
            if (id != null) {
                out.put("id", id.toString());
            }
            time(hit.event().value(stream.timeField())).ifPresent(time -> out.put("time", time.toString()));
        });
        out.put("event", hit.event().source());
        if (withHighlights) {
            Map<String, Object> highlights = new LinkedHashMap<>();
            hit.highlights().forEach((field, values) -> highlights.put(field, values.stream().map(v -> Map.of(
                    "text", v.text(),
                    "ranges", v.ranges().stream().map(r -> List.of(r.start(), r.end())).toList())).toList()));
            out.put("highlights", highlights);
        }
        return out;
    }

    /** A stored time (epoch milliseconds or ISO-8601) as an instant. */
    static java.util.Optional<Instant> time(Object stored) {
        try {
            return java.util.Optional.ofNullable(switch (stored) {
                case Number millis -> Instant.ofEpochMilli(millis.longValue());
                case String text when text.chars().allMatch(Character::isDigit) && !text.isEmpty() ->
                        Instant.ofEpochMilli(Long.parseLong(text));
                case String text -> OffsetDateTime.parse(text).toInstant();
                case null, default -> null;
            });
        } catch (DateTimeParseException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
