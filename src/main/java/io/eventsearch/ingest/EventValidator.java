package io.eventsearch.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.query.ValueParser;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.IdKind;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;
import io.eventsearch.stream.TimeFormat;

/**
 * Checks one incoming event against its stream's definition and normalises it: every field known and of its type,
 * dates as the stream renders them, an id present (assigned when the producer sent none) and the time field present
 * (the arrival time when the producer sent none). Reasons name the field, so producers can fix what they send.
 */
public final class EventValidator {

    static final int MAX_ID_LENGTH = 256;
    static final int MAX_KEYWORD_LENGTH = 8191;

    private final IdGenerator ids;
    private final Clock clock;
    private final EventTimeWindow window;

    public EventValidator(IdGenerator ids, Clock clock, EventTimeWindow window) {
        this.ids = ids;
        this.clock = clock;
        this.window = window;
    }

    /** A normalised event, ready to store, with its id (assigned by the service or not) and its own time. */
    public record ValidEvent(ObjectNode document, JsonNode id, boolean idAssigned, Instant time) {
    }

    public ValidEvent validate(StreamDefinition stream, JsonNode input) throws RejectedEvent {
        if (!(input instanceof ObjectNode event)) {
            throw new RejectedEvent("an event must be a JSON object, not " + describe(input));
        }
        ObjectNode normalized = JsonNodeFactory.instance.objectNode();
        copyFields(stream, "", event, normalized);

        JsonNode id = normalized.get(stream.idField());
        boolean idAssigned = id == null;
        if (idAssigned) {
            id = assignId(stream, normalized);
        }
        Instant time;
        JsonNode timeValue = normalized.get(stream.timeField());
        if (timeValue == null) {
            time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            normalized.set(stream.timeField(), renderDate(time, stream.timeFormat()));
        } else {
            time = readDate(stream.timeField(), timeValue);
        }
        return new ValidEvent(normalized, id, idAssigned, time);
    }

    /** Gives the event a fresh service-assigned id, replacing any it has. */
    public JsonNode assignId(StreamDefinition stream, ObjectNode event) {
        JsonNode id = JsonNodeFactory.instance.textNode(stream.idKind() == IdKind.DECIMAL
                ? Long.toString(ids.nextNumber()) : ids.nextString());
        event.set(stream.idField(), id);
        return id;
    }

    private void copyFields(StreamDefinition stream, String prefix, ObjectNode from, ObjectNode into)
            throws RejectedEvent {
        Iterator<Map.Entry<String, JsonNode>> it = from.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.isEmpty() || key.indexOf('.') >= 0) {
                // OpenSearch reads "location.ipAddress" as a path: it would bypass this check and the GeoIP lookup.
                throw new RejectedEvent("field name '" + prefix + key + "' may not be empty or contain '.'; "
                        + "nest objects instead, e.g. {\"location\":{\"ipAddress\":\"...\"}}");
            }
            String path = prefix + key;
            JsonNode value = entry.getValue();
            StreamField field = stream.field(path).orElse(null);
            boolean parent = field == null && hasFieldsUnder(stream, path);
            if (field == null && !parent) {
                throw new RejectedEvent("unknown field '" + path + "'");
            }
            if (field != null && field.serverOwned()) {
                throw new RejectedEvent("field '" + path + "' is set by the service"
                        + (path.equals(StreamDefinition.TENANT_FIELD) ? " from the caller's credential" : "")
                        + " and may not be sent");
            }
            if (value.isNull()) {
                continue; // a known field sent as null is a field without a value, as the listings render it
            }
            if (parent && value.isArray()) {
                // A list of objects of the same shape (Hub's changes): each element checked like the object itself.
                ArrayNode elements = JsonNodeFactory.instance.arrayNode();
                for (JsonNode element : value) {
                    elements.add(copyObject(stream, path, element));
                }
                into.set(key, elements);
                continue;
            }
            if (parent) {
                ObjectNode child = copyObject(stream, path, value);
                if (!child.isEmpty()) {
                    into.set(key, child);
                }
                continue;
            }
            into.set(key, normalizeValue(stream, field, value));
        }
    }

    private ObjectNode copyObject(StreamDefinition stream, String path, JsonNode value) throws RejectedEvent {
        if (!value.isObject()) {
            throw new RejectedEvent("field '" + path + "' must be an object" + (value.isArray() ? "" : " or a list of "
                    + "objects") + ", not " + describe(value));
        }
        ObjectNode child = JsonNodeFactory.instance.objectNode();
        copyFields(stream, path + ".", (ObjectNode) value, child);
        return child;
    }

    private static boolean hasFieldsUnder(StreamDefinition stream, String path) {
        String prefix = path + ".";
        return stream.fields().stream().anyMatch(f -> f.path().startsWith(prefix));
    }

    private JsonNode normalizeValue(StreamDefinition stream, StreamField field, JsonNode value) throws RejectedEvent {
        String path = field.path();
        if (path.equals(stream.idField())) {
            return normalizeId(stream, value);
        }
        return switch (field.type()) {
            case KEYWORD, TEXT -> {
                if (!value.isTextual()) {
                    throw new RejectedEvent("field '" + path + "' must be a string, not " + describe(value));
                }
                if (field.type() == FieldType.KEYWORD && value.textValue().length() > MAX_KEYWORD_LENGTH) {
                    throw new RejectedEvent("field '" + path + "' is longer than " + MAX_KEYWORD_LENGTH + " characters");
                }
                yield value;
            }
            case INTEGER -> {
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    throw new RejectedEvent("field '" + path + "' must be an integer, not " + describe(value));
                }
                yield JsonNodeFactory.instance.numberNode(value.intValue());
            }
            case LONG -> {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw new RejectedEvent("field '" + path + "' must be an integer, not " + describe(value));
                }
                yield JsonNodeFactory.instance.numberNode(value.longValue());
            }
            case DOUBLE -> {
                if (!value.isNumber()) {
                    throw new RejectedEvent("field '" + path + "' must be a number, not " + describe(value));
                }
                yield JsonNodeFactory.instance.numberNode(value.doubleValue());
            }
            case DATE -> {
                Instant instant = readDate(path, value);
                TimeFormat format = path.equals(stream.timeField()) ? stream.timeFormat() : TimeFormat.ISO;
                yield renderDate(instant, format);
            }
            case GEO_POINT -> throw new RejectedEvent("field '" + path + "' is set by the service");
        };
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
                ? JsonNodeFactory.instance.numberNode(instant.toEpochMilli())
                : JsonNodeFactory.instance.textNode(DateTimeFormatter.ISO_INSTANT.format(instant));
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String text = value.toString();
        return value.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
