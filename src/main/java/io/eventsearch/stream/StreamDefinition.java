package io.eventsearch.stream;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one event stream is: its fields and their types, its time field and id rule, and where it is stored.
 * Built from the stream's index template (index-templates/NAME.json), so the mapping that OpenSearch enforces
 * and the rules that ingest and query apply cannot drift apart.
 */
public final class StreamDefinition {

    public static final String TENANT_FIELD = "tenant";
    /**
     * When the service accepted the event (epoch milliseconds), set by ingest: the order in which events become
     * searchable, which the live tail follows.
     */
    public static final String INGESTED_FIELD = "@ingested";
    /** Every stream's time field, under one name: an alias in the mapping, for searches over several streams. */
    public static final String TIME_ALIAS = "@timestamp";
    /** Every stream's id as a keyword, under one name: the tiebreaker of searches over several streams. */
    public static final String KEY_ALIAS = "@key";
    private static final String INDEX_PREFIX = "events-";

    private final String name;
    private final String timeField;
    private final TimeFormat timeFormat;
    private final String idField;
    private final IdKind idKind;
    private final IndexPeriod period;
    private final Map<String, StreamField> fields;
    private final int templateVersion;
    private final ObjectNode template;

    StreamDefinition(String name, String timeField, TimeFormat timeFormat, String idField, IdKind idKind,
                     IndexPeriod period, Map<String, StreamField> fields, int templateVersion, ObjectNode template) {
        this.name = name;
        this.timeField = timeField;
        this.timeFormat = timeFormat;
        this.idField = idField;
        this.idKind = idKind;
        this.period = period;
        this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields)); // template order
        this.templateVersion = templateVersion;
        this.template = template;
    }

    public String name() {
        return name;
    }

    public String timeField() {
        return timeField;
    }

    public TimeFormat timeFormat() {
        return timeFormat;
    }

    public String idField() {
        return idField;
    }

    public IdKind idKind() {
        return idKind;
    }

    public Optional<StreamField> field(String path) {
        return Optional.ofNullable(fields.get(path));
    }

    public Collection<StreamField> fields() {
        return fields.values();
    }

    /** The fields that free-text search looks into. */
    public List<StreamField> searchableFields() {
        return fields.values().stream().filter(StreamField::searchable).sorted(
                java.util.Comparator.comparing(StreamField::path)).toList();
    }

    /** The alias that covers every index of the stream; all reads go through it. */
    public String readAlias() {
        return INDEX_PREFIX + name;
    }

    /** How the names of this stream's indices begin, and no other stream's. */
    public String indexPrefix() {
        return INDEX_PREFIX + name + "-";
    }

    /** The template's name in OpenSearch. */
    public String templateName() {
        return INDEX_PREFIX + name;
    }

    /** The index an event belongs to, chosen from the event's own time so that a re-send lands in the same index. */
    public String indexFor(Instant eventTime) {
        return indexPrefix() + period.suffix(eventTime);
    }

    /** When the period of one of this stream's indices ends, or empty when the name is not one of its indices. */
    public Optional<Instant> periodEnd(String indexName) {
        String prefix = indexPrefix();
        return indexName.startsWith(prefix) ? period.end(indexName.substring(prefix.length())) : Optional.empty();
    }

    public int templateVersion() {
        return templateVersion;
    }

    /** The template body as OpenSearch takes it. */
    public JsonNode template() {
        return template.deepCopy();
    }
}
