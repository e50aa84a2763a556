package io.eventsearch.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes one normalised event as it is read. An object is opened only once something is written into it, so that an
 * object the producer sent empty, or with nothing but nulls, is left out of the document as a whole.
 */
public final class DocumentWriter {

    private final JsonGenerator json;
    /** Objects begun but not yet opened, outermost first: each is nested in the one before it. */
    private final List<String> unopened = new ArrayList<>();

    DocumentWriter(JsonGenerator json) {
        this.json = json;
    }

    public void string(String name, String value) throws IOException {
        name(name);
        json.writeString(value);
    }

    public void number(String name, double value) throws IOException {
        name(name);
        json.writeNumber(value);
    }

    public void number(String name, long value) throws IOException {
        name(name);
        json.writeNumber(value);
    }

    /** A scalar value as normalised: text, int, long or double. */
    void value(String name, JsonNode value) throws IOException {
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
    public void beginObject(String name) {
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
    void beginArray(String name) throws IOException {
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

    private void name(String name) throws IOException {
        for (String object : unopened) {
            json.writeFieldName(object);
            json.writeStartObject();
        }
        unopened.clear();
        json.writeFieldName(name);
    }
}
