package io.eventsearch.query;

import java.util.Map;

/**
 * One stored event as its producer sent it (plus what ingest added, such as the GeoIP location), without the
 * service's own fields. Values are what JSON holds: strings, numbers, booleans, lists and nested maps.
 *
 * @param source the event's fields, nested objects as maps
 */
public record StoredEvent(Map<String, Object> source) {

    public StoredEvent {
        source = source == null ? Map.of() : source;
    }

    /** The value at a dotted path ({@code location.city}), or null when the event has none. */
    public Object value(String path) {
        if (path.indexOf('.') < 0) {
            return source.get(path); // most fields: no path to split, nothing to allocate
        }
        Object current = source;
        int from = 0;
        while (from <= path.length()) {
            int dot = path.indexOf('.', from);
            int to = dot < 0 ? path.length() : dot;
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(path.substring(from, to));
            from = to + 1;
        }
        return current;
    }

    /** The fields of the object at {@code name} ({@code location}), empty when the event has none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String name) {
        return source.get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
