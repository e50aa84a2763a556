package io.eventsearch.ingest;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.io.SerializedString;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;

/**
 * One object level of a stream's events as ingest reads them: the names allowed at this level, each a leaf field of
 * the mapping or an object with fields under it. Built once per stream, so that reading an event looks each name up
 * once instead of building its dotted path and searching the stream's fields for it.
 */
final class EventShape {

    /**
     * A name allowed at this level.
     *
     * @param path     the dotted path, for reasons that name the field
     * @param name     the name at this level, encoded once for the documents written
     * @param field    the leaf field, or null for an object with fields under it
     * @param children the level under an object, or null for a leaf
     * @param bit      this name's bit among its level's names, to find a name sent twice in one object
     */
    record Member(String path, SerializedString name, StreamField field, EventShape children, long bit) {
    }

    private final Map<String, Member> members;

    private EventShape(Map<String, Member> members) {
        this.members = members;
    }

    static EventShape of(StreamDefinition stream) {
        return level("", stream.fields().stream().toList());
    }

    /** The member called {@code name} at this level, or null when the stream has no such field. */
    Member member(String name) {
        return members.get(name);
    }

    private static EventShape level(String prefix, List<StreamField> fields) {
        Map<String, List<StreamField>> byName = new LinkedHashMap<>();
        for (StreamField field : fields) {
            String rest = field.path().substring(prefix.length());
            int dot = rest.indexOf('.');
            byName.computeIfAbsent(dot < 0 ? rest : rest.substring(0, dot), k -> new java.util.ArrayList<>()).add(field);
        }
        if (byName.size() > Long.SIZE) {
            throw new IllegalStateException("more than " + Long.SIZE + " fields under '" + prefix + "'");
        }
        Map<String, Member> members = new HashMap<>();
        long bit = 1;
        for (Map.Entry<String, List<StreamField>> entry : byName.entrySet()) {
            String path = prefix + entry.getKey();
            StreamField leaf = entry.getValue().stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
            EventShape children = leaf != null ? null : level(path + ".", entry.getValue());
            members.put(entry.getKey(), new Member(path, new SerializedString(entry.getKey()), leaf, children, bit));
            bit <<= 1;
        }
        return new EventShape(Map.copyOf(members));
    }
}
