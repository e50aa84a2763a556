package io.eventsearch.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The event streams the service knows, loaded from the index templates on the class path. */
public final class StreamCatalog {

    public static final String RELEASE_DOWNLOADS = "release-downloads";
    public static final String HUB = "hub";
    public static final String AUDIT = "audit";
    public static final String API_USAGE = "api-usage";
    /** One stream per listing API. */
    public static final List<String> STREAM_NAMES = List.of(RELEASE_DOWNLOADS, HUB, AUDIT, API_USAGE);

    private final Map<String, StreamDefinition> streams;

    private StreamCatalog(Map<String, StreamDefinition> streams) {
        this.streams = streams;
    }

    public static StreamCatalog load(ObjectMapper mapper) {
        Map<String, StreamDefinition> streams = new LinkedHashMap<>();
        for (String name : STREAM_NAMES) {
            String resource = "index-templates/" + name + ".json";
            try (InputStream in = StreamCatalog.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing stream template on the class path: " + resource);
                }
                streams.put(name, parse(name, (ObjectNode) mapper.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return new StreamCatalog(streams);
    }

    public Optional<StreamDefinition> find(String name) {
        return Optional.ofNullable(streams.get(name));
    }

    public StreamDefinition get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown stream " + name));
    }

    public List<StreamDefinition> all() {
        return List.copyOf(streams.values());
    }

    static StreamDefinition parse(String name, ObjectNode template) {
        JsonNode meta = template.path("_meta");
        if (!name.equals(meta.path("stream").asText())) {
            throw new IllegalStateException("template " + name + " declares stream '" + meta.path("stream").asText() + "'");
        }
        Set<String> serverOwned = new HashSet<>();
        meta.path("server_fields").forEach(f -> serverOwned.add(f.asText()));
        Map<String, StreamField> fields = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        collectFields("", template.path("template").path("mappings").path("properties"), serverOwned, fields, aliases);

        String timeField = required(meta, "time_field", name);
        String idField = required(meta, "id_field", name);
        if (!fields.containsKey(timeField) || fields.get(timeField).type() != FieldType.DATE) {
            throw new IllegalStateException("stream " + name + ": time field " + timeField + " is not a date field");
        }
        if (!fields.containsKey(idField)) {
            throw new IllegalStateException("stream " + name + ": id field " + idField + " is not mapped");
        }
        requireAlias(name, aliases, StreamDefinition.TIME_ALIAS, timeField);
        requireAlias(name, aliases, StreamDefinition.KEY_ALIAS,
                fields.get(idField).type() == FieldType.KEYWORD ? idField : idField + ".key");
        int version = template.path("version").asInt(1);
        if (template.path("template").path("mappings").path("_meta").path("template_version").asInt(-1) != version) {
            // scripts/reindex reads an index's template version from its mapping to know which indices are behind.
            throw new IllegalStateException("template " + name + " must record its version " + version
                    + " in template.mappings._meta.template_version");
        }
        TimeFormat timeFormat = "epoch_millis".equals(meta.path("time_format").asText()) ? TimeFormat.EPOCH_MILLIS : TimeFormat.ISO;
        IdKind idKind = "decimal".equals(meta.path("id_kind").asText()) ? IdKind.DECIMAL : IdKind.STRING;
        IndexPeriod period = "day".equals(meta.path("index_period").asText()) ? IndexPeriod.DAY : IndexPeriod.MONTH;
        return new StreamDefinition(name, timeField, timeFormat, idField, idKind, period, fields,
                version, template);
    }

    /**
     * Every stream names its time and its id under the same two aliases, so one search over several streams can
     * sort them together (the id's alias is a keyword: hub ids are numbers, the others strings).
     */
    private static void requireAlias(String stream, Map<String, String> aliases, String alias, String path) {
        if (!path.equals(aliases.get(alias))) {
            throw new IllegalStateException("template " + stream + " must map " + alias + " as an alias of " + path
                    + ", not " + aliases.get(alias));
        }
    }

    private static String required(JsonNode meta, String key, String stream) {
        String value = meta.path(key).asText("");
        if (value.isEmpty()) {
            throw new IllegalStateException("template " + stream + " lacks _meta." + key);
        }
        return value;
    }

    private static void collectFields(String prefix, JsonNode properties, Set<String> serverOwned,
                                      Map<String, StreamField> into, Map<String, String> aliases) {
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = prefix + entry.getKey();
            JsonNode mapping = entry.getValue();
            if (mapping.has("properties")) {
                collectFields(path + ".", mapping.get("properties"), serverOwned, into, aliases);
                continue;
            }
            if ("alias".equals(mapping.path("type").asText())) {
                aliases.put(path, mapping.path("path").asText());
                continue;
            }
            FieldType type = FieldType.fromMapping(path, mapping.path("type").asText());
            String textSubField = null;
            Iterator<Map.Entry<String, JsonNode>> subFields = mapping.path("fields").fields();
            while (subFields.hasNext()) {
                Map.Entry<String, JsonNode> sub = subFields.next();
                if ("text".equals(sub.getValue().path("type").asText())) {
                    textSubField = path + "." + sub.getKey();
                }
            }
            into.put(path, new StreamField(path, type, textSubField, serverOwned.contains(path)));
        }
    }
}
