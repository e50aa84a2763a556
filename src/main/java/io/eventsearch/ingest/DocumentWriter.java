package io.eventsearch.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes one normalised event as it is read. An object is opened only once something is written into it, so that an
 * object the producer sent empty, or with nothing but nulls, is left out of the document as a whole. Names are
 * given encoded once ({@link com.fasterxml.jackson.core.io.SerializedString}): a document writes a dozen of them,
 * and a busy ingest millions of documents.
 */
public final class DocumentWriter {

    private final JsonGenerator json;
    /** Objects begun but not yet opened, outermost first: each is nested in the one before it. */
    private final List<SerializableString> unopened = new ArrayList<>();

    DocumentWriter(JsonGenerator json) {
        this.json = json;
    }

    public void string(SerializableString name, String value) throws IOException {
        name(name);
        json.writeString(value);
    }

    /** A string kept as UTF-8, for values written again and again (a place's name). */
    public void utf8String(SerializableString name, byte[] value) throws IOException {
        name(name);
        json.writeUTF8String(value, 0, value.length);
    }

    /** A string as the parser holds it, without making a {@code String} of it. */
    void string(SerializableString name, char[] text, int offset, int length) throws IOException {
        name(name);
        json.writeString(text, offset, length);
    }

    public void number(SerializableString name, double value) throws IOException {
        name(name);
        json.writeNumber(value);
    }

    public void number(SerializableString name, long value) throws IOException {
        name(name);
        json.writeNumber(value);
    }

    /** A number already written as JSON text (a place's coordinates, rendered once). */
    public void numberText(SerializableString name, String json) throws IOException {
        name(name);
        this.json.writeNumber(json);
    }

    /** A scalar value as normalised: text, int, long or double. */
    void value(SerializableString name, JsonNode value) throws IOException {
        if (value.isTextual()) {
            string(name, value.textValue());
        } else if (value.isInt() || value.isLong()) {
            number(name, value.longValue());
        } else if (value.isDouble()) {
            number(name, value.doubleValue());
        } else {
            throw new IllegalArgumentException("not a normalised value: " + value.getNodeType());
        }
    }

    /** Begins an object field; it is written only if something is written into it before {@link #endObject()}. */
    public void beginObject(SerializableString name) {
        unopened.add(name);
    }

    public void endObject() throws IOException {
        if (!unopened.isEmpty()) {
            unopened.removeLast(); // nothing was written into it
        } else {
            json.writeEndObject();
        }
    }

    /** Begins an array field of objects; arrays are written even when empty. */
    void beginArray(SerializableString name) throws IOException {
        name(name);
        json.writeStartArray();
    }

    void endArray() throws IOException {
        json.writeEndArray();
    }

    /** An object element of the array being written; elements are written even when empty. */
    void beginElement() throws IOException {
        json.writeStartObject();
    }

    void endElement() throws IOException {
        json.writeEndObject();
    }

    private void name(SerializableString name) throws IOException {
        if (!unopened.isEmpty()) {
            for (SerializableString object : unopened) {
                json.writeFieldName(object);
                json.writeStartObject();
            }
            unopened.clear();
        }
        json.writeFieldName(name);
    }
}
