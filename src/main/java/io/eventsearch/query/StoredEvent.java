package io.eventsearch.query;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One stored event as its producer sent it (plus what ingest added, such as the GeoIP location), without the
 * service's own fields. Values are what JSON holds: strings, numbers, booleans, lists and nested maps.
 *
 * <p>An event of a listing page keeps the text OpenSearch returned ({@link #json()}): a page is written from that
 * text, and its values are read from it only when someone asks for them.
 */
public final class StoredEvent {

    private final JsonText json;
    private final Function<JsonText, Map<String, Object>> reader;
    private Map<String, Object> source;

    /** @param source the event's fields, nested objects as maps */
    public StoredEvent(Map<String, Object> source) {
        this.json = null;
        this.reader = null;
        this.source = source == null ? Map.of() : source;
    }

    private StoredEvent(JsonText json, Function<JsonText, Map<String, Object>> reader) {
        this.json = json;
        this.reader = reader;
    }

    /** An event as the text of its JSON object, read into values by {@code reader} when they are first asked for. */
    public static StoredEvent ofJson(JsonText json, Function<JsonText, Map<String, Object>> reader) {
        return new StoredEvent(Objects.requireNonNull(json), Objects.requireNonNull(reader));
    }

    /** The event's JSON object as stored, when it was read from a store's answer. */
    public Optional<JsonText> json() {
        return Optional.ofNullable(json);
    }

    /** The event's fields, nested objects as maps. */
    public Map<String, Object> source() {
        if (source == null) {
            Map<String, Object> read = reader.apply(json);
            source = read == null ? Map.of() : read; // one request reads an event: no other thread races here
        }
        return source;
    }

    /** The value at a dotted path ({@code location.city}), or null when the event has none. */
    public Object value(String path) {
        if (path.indexOf('.') < 0) {
            return source().get(path); // most fields: no path to split, nothing to allocate
        }
        Object current = source();
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
        return source().get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredEvent event && source().equals(event.source());
    }

    @Override
    public int hashCode() {
        return source().hashCode();
    }

    @Override
    public String toString() {
        return "StoredEvent" + source();
    }
}
