package io.eventsearch.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.eventsearch.query.ValueParser;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.IdKind;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;
import io.eventsearch.stream.TimeFormat;

/**
 * Reads one incoming event and writes the document to store, in one pass over its tokens: every field known and of
 * its type, dates as the stream renders them, objects the stream's enricher completes (GeoIP), an id (assigned when
 * the producer sent none), the time field (the arrival time when the producer sent none), the caller's tenant and the
 * time of acceptance. No tree of the event is built and none is serialised again: the document's bytes are what the
 * bulk request carries. Reasons name the field, so producers can fix what they send.
 */
public final class EventNormalizer {

    static final int MAX_ID_LENGTH = 256;
    static final int MAX_KEYWORD_LENGTH = 8191;
    private static final SerializedString TENANT = new SerializedString(StreamDefinition.TENANT_FIELD);
    private static final SerializedString INGESTED = new SerializedString(StreamDefinition.INGESTED_FIELD);

    private final IdGenerator ids;
    private final Clock clock;
    private final EventTimeWindow window;
    private final JsonFactory json;
    private final Map<String, EventEnricher> enrichers;
    private final Map<StreamDefinition, EventShape> shapes = new ConcurrentHashMap<>();

    public EventNormalizer(IdGenerator ids, Clock clock, EventTimeWindow window, JsonFactory json,
                           Map<String, EventEnricher> enrichers) {
        this.ids = ids;
        this.clock = clock;
        this.window = window;
        this.json = json;
        this.enrichers = Map.copyOf(enrichers);
    }

    /**
     * A normalised event, ready to store.
     *
     * @param document   the document's JSON
     * @param id         its id, as stored
     * @param idAssigned whether the service drew the id (then it is a JSON string ending at {@code idEnd})
     * @param time       the event's own time, which chooses its index
     */
    public record NormalizedEvent(byte[] document, String id, boolean idAssigned, int idEnd, Instant time) {

        /** The same event under another service-drawn id: ids drawn are plain ASCII, so only those bytes change. */
        NormalizedEvent withId(String newId) {
            int idStart = idEnd - id.length() - 2;
            byte[] quoted = ('"' + newId + '"').getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] changed = new byte[document.length - (idEnd - idStart) + quoted.length];
            System.arraycopy(document, 0, changed, 0, idStart);
            System.arraycopy(quoted, 0, changed, idStart, quoted.length);
            System.arraycopy(document, idEnd, changed, idStart + quoted.length, document.length - idEnd);
            return new NormalizedEvent(changed, newId, true, idStart + quoted.length, time);
        }
    }

    /** The events of one batch of one stream, for one tenant, accepted at one time. */
    public Batch batch(StreamDefinition stream, String tenant, long acceptedMillis) {
        return new Batch(stream, tenant, acceptedMillis);
    }

    /** Draws a fresh id for an event whose drawn id collided with a stored one. */
    public NormalizedEvent redraw(StreamDefinition stream, NormalizedEvent event) {
        return event.withId(drawId(stream));
    }

    private String drawId(StreamDefinition stream) {
        return stream.idKind() == IdKind.DECIMAL ? Long.toString(ids.nextNumber()) : ids.nextString();
    }

    /** Normalises the events of one batch one after another, reusing one buffer. */
    public final class Batch {

        private final StreamDefinition stream;
        private final String tenant;
        private final long acceptedMillis;
        private final EventShape shape;
        private final EventEnricher enricher;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        private final SerializedString idName;
        private final SerializedString timeName;

        private Batch(StreamDefinition stream, String tenant, long acceptedMillis) {
            this.stream = stream;
            this.tenant = tenant;
            this.acceptedMillis = acceptedMillis;
            this.shape = shapes.computeIfAbsent(stream, EventShape::of);
            this.enricher = enrichers.get(stream.name());
            this.idName = new SerializedString(stream.idField());
            this.timeName = new SerializedString(stream.timeField());
        }

        /**
         * Reads the event at the parser's current token, through its last token whatever the outcome. A rejected
         * event's reason carries the id the producer gave it, if any.
         */
        public NormalizedEvent normalize(JsonParser in) throws RejectedEvent, IOException {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                throw new RejectedEvent("an event must be a JSON object, not " + describe(scalar(in)));
            }
            int depth = in.getParsingContext().getNestingDepth();
            Reading event = new Reading();
            buffer.reset();
            try (JsonGenerator out = json.createGenerator(buffer)) {
                out.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT); // a rejected event's half is dropped
                out.writeStartObject();
                DocumentWriter document = new DocumentWriter(out);
                try {
                    copyFields(shape, "", in, document, event, null);
                    int idEnd = complete(out, document, event);
                    out.writeEndObject();
                    out.flush();
                    return new NormalizedEvent(buffer.toByteArray(), event.id, event.idAssigned, idEnd, event.time);
                } catch (RejectedEvent e) {
                    JsonNode laterId = readToEnd(in, depth);
                    throw e.withProducerId(event.sentId != null ? event.sentId : laterId);
                }
            }
        }

        /** The fields the service adds at the end of the document; where a drawn id ends, or -1. */
        private int complete(JsonGenerator out, DocumentWriter document, Reading event) throws IOException {
            int idEnd = -1;
            if (event.id == null) {
                event.id = drawId(stream);
                event.idAssigned = true;
                document.string(idName, event.id);
                out.flush();
                idEnd = buffer.size();
            }
            if (event.time == null) {
                event.time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                document.value(timeName, renderDate(event.time, stream.timeFormat()));
            }
            document.string(TENANT, tenant);
            document.number(INGESTED, acceptedMillis);
            return idEnd;
        }

        /** Reads past the rest of a rejected event; the id the producer gave it there, if any. */
        private JsonNode readToEnd(JsonParser in, int depth) throws IOException {
            JsonNode id = null;
            while (in.getParsingContext().getNestingDepth() >= depth) {
                JsonToken token = in.nextToken();
                if (token == JsonToken.FIELD_NAME && in.getParsingContext().getNestingDepth() == depth
                        && stream.idField().equals(in.currentName())) {
                    in.nextToken();
                    JsonNode value = scalar(in);
                    id = value.isValueNode() ? value : null;
                }
            }
            return id;
        }

        /** Reads an object's fields, from its START_OBJECT through its END_OBJECT, and writes what is kept. */
        private void copyFields(EventShape level, String prefix, JsonParser in, DocumentWriter out, Reading event,
                                EventEnricher.ObjectEnrichment enrichment) throws RejectedEvent, IOException {
            long sent = 0;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String key = in.currentName();
                if (key.isEmpty() || key.indexOf('.') >= 0) {
                    // OpenSearch reads "location.ipAddress" as a path: it would bypass this check and the GeoIP lookup.
                    throw new RejectedEvent("field name '" + prefix + key + "' may not be empty or contain '.'; "
                            + "nest objects instead, e.g. {\"location\":{\"ipAddress\":\"...\"}}");
                }
                EventShape.Member member = level.member(key);
                if (member == null) {
                    throw new RejectedEvent("unknown field '" + prefix + key + "'");
                }
                String path = member.path();
                if ((sent & member.bit()) != 0) {
                    throw new RejectedEvent("field '" + path + "' is sent twice; send each field once");
                }
                sent |= member.bit();
                StreamField field = member.field();
                if (field != null && field.serverOwned()) {
                    throw new RejectedEvent("field '" + path + "' is set by the service"
                            + (path.equals(StreamDefinition.TENANT_FIELD) ? " from the caller's credential" : "")
                            + " and may not be sent");
                }
                JsonToken token = in.nextToken();
                if (token == JsonToken.VALUE_NULL) {
                    continue; // a known field sent as null is a field without a value, as the listings render it
                }
                if (field == null) {
                    copyObjects(member, in, out, event);
                    continue;
                }
                if (token == JsonToken.VALUE_STRING && enrichment == null && isPlainText(field)) {
                    copyText(field, member.name(), in, out); // most values: no String or node made of them
                    continue;
                }
                JsonNode value = scalar(in);
                if (path.equals(stream.idField()) && value.isValueNode()) {
                    event.sentId = value;
                }
                JsonNode normalized = normalizeValue(field, value, event);
                out.value(member.name(), enrichment != null ? enrichment.sent(key, normalized) : normalized);
            }
            if (enrichment != null) {
                enrichment.complete(out);
            }
        }

        /** A keyword or text field other than the id, whose value needs no more than a length check. */
        private boolean isPlainText(StreamField field) {
            return (field.type() == FieldType.KEYWORD || field.type() == FieldType.TEXT)
                    && !field.path().equals(stream.idField());
        }

        /** The string at the parser's current token, checked and written from the parser's own characters. */
        private static void copyText(StreamField field, SerializedString name, JsonParser in, DocumentWriter out)
                throws RejectedEvent, IOException {
            int length = in.getTextLength();
            checkLength(field, length);
            out.string(name, in.getTextCharacters(), in.getTextOffset(), length);
        }

        private static void checkLength(StreamField field, int length) throws RejectedEvent {
            if (field.type() == FieldType.KEYWORD && length > MAX_KEYWORD_LENGTH) {
                throw new RejectedEvent("field '" + field.path() + "' is longer than " + MAX_KEYWORD_LENGTH
                        + " characters");
            }
        }

        /** An object with fields under it, or a list of such objects (Hub's changes): each checked like an event. */
        private void copyObjects(EventShape.Member member, JsonParser in, DocumentWriter out, Reading event)
                throws RejectedEvent, IOException {
            SerializedString name = member.name();
            String prefix = member.path() + ".";
            if (in.currentToken() == JsonToken.START_ARRAY) {
                out.beginArray(name);
                while (in.nextToken() != JsonToken.END_ARRAY) {
                    if (in.currentToken() != JsonToken.START_OBJECT) {
                        throw notAnObject(member.path(), scalar(in));
                    }
                    out.beginElement();
                    copyFields(member.children(), prefix, in, out, event, enrichment(member));
                    out.endElement();
                }
                out.endArray();
                return;
            }
            if (in.currentToken() != JsonToken.START_OBJECT) {
                throw notAnObject(member.path(), scalar(in));
            }
            out.beginObject(name);
            copyFields(member.children(), prefix, in, out, event, enrichment(member));
            out.endObject();
        }

        private EventEnricher.ObjectEnrichment enrichment(EventShape.Member member) {
            return enricher != null && enricher.path().equals(member.path()) ? enricher.begin() : null;
        }

        private JsonNode normalizeValue(StreamField field, JsonNode value, Reading event) throws RejectedEvent {
            String path = field.path();
            if (path.equals(stream.idField())) {
                JsonNode id = normalizeId(stream, value);
                event.id = id.textValue();
                return id;
            }
            return switch (field.type()) {
                case KEYWORD, TEXT -> {
                    if (!value.isTextual()) {
                        throw new RejectedEvent("field '" + path + "' must be a string, not " + describe(value));
                    }
                    checkLength(field, value.textValue().length());
                    yield value;
                }
                case INTEGER -> {
                    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                        throw new RejectedEvent("field '" + path + "' must be an integer, not " + describe(value));
                    }
                    yield value.isInt() ? value : IntNode.valueOf(value.intValue());
                }
                case LONG -> {
                    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                        throw new RejectedEvent("field '" + path + "' must be an integer, not " + describe(value));
                    }
                    yield value.isLong() || value.isInt() ? value : LongNode.valueOf(value.longValue());
                }
                case DOUBLE -> {
                    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                        throw new RejectedEvent("field '" + path + "' must be a finite number, not " + describe(value));
                    }
                    yield value.isDouble() ? value : DoubleNode.valueOf(value.doubleValue());
                }
                case DATE -> {
                    Instant instant = readDate(path, value);
                    boolean timeField = path.equals(stream.timeField());
                    if (timeField) {
                        event.time = instant;
                    }
                    yield renderDate(instant, timeField ? stream.timeFormat() : TimeFormat.ISO);
                }
                case GEO_POINT -> throw new RejectedEvent("field '" + path + "' is set by the service");
            };
        }
    }

    /** What one event's reading has found so far. */
    private static final class Reading {
        JsonNode sentId;
        String id;
        boolean idAssigned;
        Instant time;
    }

    /** The value at the parser's current token, through its last token: scalars without the mapper. */
    private static JsonNode scalar(JsonParser in) throws IOException {
        return switch (in.currentToken()) {
            case VALUE_STRING -> TextNode.valueOf(in.getText());
            case VALUE_NUMBER_INT -> switch (in.getNumberType()) {
                case INT -> IntNode.valueOf(in.getIntValue());
                case LONG -> LongNode.valueOf(in.getLongValue());
                default -> BigIntegerNode.valueOf(in.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(in.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.instance;
            default -> in.readValueAsTree(); // an object or array where a value belongs: read whole, to describe it
        };
    }

    private static RejectedEvent notAnObject(String path, JsonNode value) {
        return new RejectedEvent("field '" + path + "' must be an object" + (value.isArray() ? "" : " or a list of "
                + "objects") + ", not " + describe(value));
    }

    private static JsonNode normalizeId(StreamDefinition stream, JsonNode value) throws RejectedEvent {
        String path = stream.idField();
        if (stream.idKind() == IdKind.DECIMAL) {
            if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0) {
                return JsonNodeFactory.instance.textNode(Long.toString(value.longValue()));
            }
            if (value.isTextual() && IdKind.isDecimalId(value.textValue())) {
                return value;
            }
            throw new RejectedEvent("field '" + path + "' must be a positive decimal number written as a string "
                    + "without leading zeros (e.g. \"42\"), not " + describe(value));
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new RejectedEvent("field '" + path + "' must be a non-empty string");
        }
        String id = value.textValue();
        if (id.length() > MAX_ID_LENGTH) {
            throw new RejectedEvent("field '" + path + "' is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new RejectedEvent("field '" + path + "' contains control characters");
        }
        return value;
    }

    private Instant readDate(String path, JsonNode value) throws RejectedEvent {
        Instant time = parseDate(path, value);
        if (!window.admits(time, clock.instant())) {
            throw new RejectedEvent("field '" + path + "' must lie " + window.describe() + ", not " + time);
        }
        return time;
    }

    private static Instant parseDate(String path, JsonNode value) throws RejectedEvent {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return ValueParser.anyInstant(value.textValue()).truncatedTo(ChronoUnit.MILLIS);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                // reported below, with the ingest wording that also names epoch milliseconds
            }
        }
        throw new RejectedEvent("field '" + path + "' must be an ISO-8601 date-time with a zone "
                + "(e.g. 2024-05-01T10:15:30Z) or epoch milliseconds, not " + describe(value));
    }

    static JsonNode renderDate(Instant instant, TimeFormat format) {
        return format == TimeFormat.EPOCH_MILLIS
                ? LongNode.valueOf(instant.toEpochMilli())
                : TextNode.valueOf(IsoInstant.format(instant));
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            return "a number beyond the range of a double";
        }
        String text = value.toString();
        return value.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
