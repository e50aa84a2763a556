package io.eventsearch.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.query.JsonScan;
import io.eventsearch.query.JsonText;
import io.eventsearch.query.StoredEvent;

/**
 * How a listing API writes each event of a page: which stored fields in which order, what a field the event does
 * not have becomes, and which fields are objects (or arrays of objects) written by a layout of their own.
 *
 * <p>An event is written from the text OpenSearch returned: its fields are found by scanning the bytes
 * ({@link JsonScan}) and their values copied as they are. Reading a hundred sources into maps and writing the maps
 * again was a third of a listing's request-thread CPU. Values are changed only where the layout says so
 * ({@link Builder#text}).
 */
public final class EventLayout {

    /** What a field the event does not have, or has as {@code null}, becomes. */
    public enum Missing {
        /** The field with the value {@code null}: every field of the layout is always there. */
        NULL,
        /** Nothing: the field is left out. */
        OMIT
    }

    private sealed interface Entry permits Value, Nested {
        SerializedString name();

        byte[] key();
    }

    /** A value copied as it is, or a string changed by {@code text}. */
    private record Value(SerializedString name, byte[] key, UnaryOperator<String> text) implements Entry {
    }

    /**
     * An object written by {@code layout}, or an array whose objects are. When the event has none, the object with
     * every field missing if {@code emptyWhenMissing}, else what {@link Missing} says.
     */
    private record Nested(SerializedString name, byte[] key, EventLayout layout, boolean emptyWhenMissing)
            implements Entry {
    }

    private static final JsonFactory TEXT = new JsonFactory();
    private static final ObjectMapper VALUES = new ObjectMapper();

    private final Entry[] entries;
    private final Missing missing;
    /** Open addressing on a name's length and its first and last bytes: the entry's index plus one, 0 for none. */
    private final int[] byName;

    private EventLayout(List<Entry> entries, Missing missing) {
        this.entries = entries.toArray(Entry[]::new);
        this.missing = missing;
        this.byName = new int[Integer.highestOneBit(Math.max(1, this.entries.length) * 4) * 2];
        for (int e = 0; e < this.entries.length; e++) {
            byte[] key = this.entries[e].key();
            int slot = slot(key, 0, key.length);
            while (byName[slot] != 0) {
                slot = (slot + 1) & (byName.length - 1);
            }
            byName[slot] = e + 1;
        }
    }

    private int slot(byte[] text, int from, int to) {
        int length = to - from;
        int hash = length == 0 ? 0 : (length * 31 + text[from]) * 31 + text[to - 1];
        return (hash ^ hash >>> 7) & (byName.length - 1);
    }

    public static Builder builder(Missing missing) {
        return new Builder(missing);
    }

    /** The events as a JSON array in this layout, for a {@link Listing.Answer}'s body. */
    public JsonResponses.Writable list(List<StoredEvent> events) {
        return json -> {
            json.writeStartArray();
            for (StoredEvent event : events) {
                write(event, json);
            }
            json.writeEndArray();
        };
    }

    /** One event as a JSON object in this layout. */
    public JsonResponses.Writable one(StoredEvent event) {
        return json -> write(event, json);
    }

    private void write(StoredEvent event, JsonGenerator json) throws IOException {
        JsonText text = event.json().orElseGet(() -> asText(event));
        writeObject(text.bytes(), JsonScan.skipWhitespace(text.bytes(), text.offset()), json);
    }

    /** The object that starts at {@code start} ({@code '{'}), laid out. */
    private void writeObject(byte[] text, int start, JsonGenerator json) throws IOException {
        int[] spans = find(text, start);
        json.writeStartObject();
        for (int e = 0; e < entries.length; e++) {
            int from = spans[2 * e];
            int to = spans[2 * e + 1];
            boolean absent = from < 0 || JsonScan.isNull(text, from);
            switch (entries[e]) {
                case Value value when absent -> writeMissing(value.name(), json);
                case Value value -> {
                    json.writeFieldName(value.name());
                    if (value.text() != null && text[from] == '"') {
                        json.writeString(value.text().apply(string(text, from, to)));
                    } else {
                        copy(text, from, to, json);
                    }
                }
                case Nested nested when !absent && (text[from] == '{' || text[from] == '[') -> {
                    json.writeFieldName(nested.name());
                    nested.layout().writeObjectOrArray(text, from, json);
                }
                case Nested nested when nested.emptyWhenMissing() -> {
                    json.writeFieldName(nested.name());
                    nested.layout().writeEmpty(json);
                }
                case Nested nested -> writeMissing(nested.name(), json);
            }
        }
        json.writeEndObject();
    }

    /** An object laid out; an array with its objects laid out and its other values as they are. */
    private void writeObjectOrArray(byte[] text, int from, JsonGenerator json) throws IOException {
        if (text[from] == '{') {
            writeObject(text, from, json);
            return;
        }
        json.writeStartArray();
        int i = JsonScan.skipWhitespace(text, from + 1);
        while (text[i] != ']') {
            int end = JsonScan.valueEnd(text, i);
            if (text[i] == '{') {
                writeObject(text, i, json);
            } else {
                copy(text, i, end, json);
            }
            i = JsonScan.skipWhitespace(text, end);
            if (text[i] == ',') {
                i = JsonScan.skipWhitespace(text, i + 1);
            }
        }
        json.writeEndArray();
    }

    /** The object with no field present. */
    private void writeEmpty(JsonGenerator json) throws IOException {
        writeObject(new byte[] {'{', '}'}, 0, json);
    }

    private void writeMissing(SerializedString name, JsonGenerator json) throws IOException {
        if (missing == Missing.NULL) {
            json.writeFieldName(name);
            json.writeNull();
        }
    }

    /** For each entry, where its value begins and ends in the object at {@code start}; -1 when it has none. */
    private int[] find(byte[] text, int start) throws IOException {
        int[] spans = new int[2 * entries.length];
        Arrays.fill(spans, -1);
        JsonScan.members(text, start, (quote, nameEnd, value) -> {
            int entry = entry(text, quote, nameEnd);
            if (entry < 0) {
                return -1;
            }
            spans[2 * entry] = value;
            spans[2 * entry + 1] = JsonScan.valueEnd(text, value);
            return spans[2 * entry + 1];
        });
        return spans;
    }

    /** The entry named by the key whose quotes are at {@code quote} and {@code end - 1}; -1 when none is. */
    private int entry(byte[] text, int quote, int end) throws IOException {
        if (JsonScan.hasEscapes(text, quote, end)) {
            byte[] key = string(text, quote, end).getBytes(StandardCharsets.UTF_8);
            return named(key, 0, key.length);
        }
        return named(text, quote + 1, end - 1);
    }

    /** The entry whose name is the bytes from {@code from} to {@code to}; -1 when none is. */
    private int named(byte[] text, int from, int to) {
        for (int slot = slot(text, from, to); byName[slot] != 0; slot = (slot + 1) & (byName.length - 1)) {
            byte[] key = entries[byName[slot] - 1].key();
            if (Arrays.equals(key, 0, key.length, text, from, to)) {
                return byName[slot] - 1;
            }
        }
        return -1;
    }

    /** The value between {@code from} and {@code to}, as it is; indented as the rest when the answer is. */
    private static void copy(byte[] text, int from, int to, JsonGenerator json) throws IOException {
        if (json.getPrettyPrinter() == null) {
            json.writeRawValue(new RawValue(text, from, to - from));
            return;
        }
        try (JsonParser value = TEXT.createParser(text, from, to - from)) {
            value.nextToken();
            json.copyCurrentStructure(value);
        }
    }

    private static String string(byte[] text, int from, int to) throws IOException {
        try (JsonParser value = TEXT.createParser(text, from, to - from)) {
            value.nextToken();
            return value.getText();
        }
    }

    private static JsonText asText(StoredEvent event) {
        try {
            byte[] bytes = VALUES.writeValueAsBytes(event.source());
            return new JsonText(bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields of a layout, in the order they are written. */
    public static final class Builder {

        private final Missing missing;
        private final List<Entry> entries = new ArrayList<>();

        private Builder(Missing missing) {
            this.missing = missing;
        }

        /** Fields whose values are copied as they are. */
        public Builder values(String... names) {
            for (String name : names) {
                entries.add(new Value(new SerializedString(name), utf8(name), null));
            }
            return this;
        }

        /** A field whose string value is written as {@code change} makes it; other values are copied. */
        public Builder text(String name, UnaryOperator<String> change) {
            entries.add(new Value(new SerializedString(name), utf8(name), change));
            return this;
        }

        /** An object (or array of objects) written by {@code layout}; when missing, what this layout's rule says. */
        public Builder object(String name, EventLayout layout) {
            entries.add(new Nested(new SerializedString(name), utf8(name), layout, false));
            return this;
        }

        /** An object written by {@code layout}; when missing, the object with all its fields missing. */
        public Builder alwaysObject(String name, EventLayout layout) {
            entries.add(new Nested(new SerializedString(name), utf8(name), layout, true));
            return this;
        }

        public EventLayout build() {
            return new EventLayout(entries, missing);
        }

        private static byte[] utf8(String name) {
            return name.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A span of JSON text handed to the generator as it is: what {@code writeRawValue} needs of it. */
    private record RawValue(byte[] text, int offset, int length) implements SerializableString {

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + length > buffer.length) {
                return -1; // the generator then takes asUnquotedUTF8()
            }
            System.arraycopy(text, this.offset, buffer, offset, length);
            return length;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return Arrays.copyOfRange(text, offset, offset + length);
        }

        @Override
        public String getValue() {
            return new String(text, offset, length, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            return new SerializedString(getValue()).asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return new SerializedString(getValue()).asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return new SerializedString(getValue()).appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return new SerializedString(getValue()).appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return new SerializedString(getValue()).appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(java.io.OutputStream out) throws IOException {
            return new SerializedString(getValue()).writeQuotedUTF8(out);
        }

        @Override
        public int writeUnquotedUTF8(java.io.OutputStream out) throws IOException {
            out.write(text, offset, length);
            return length;
        }

        @Override
        public int putQuotedUTF8(java.nio.ByteBuffer buffer) {
            return new SerializedString(getValue()).putQuotedUTF8(buffer);
        }

        @Override
        public int putUnquotedUTF8(java.nio.ByteBuffer buffer) {
            if (length > buffer.remaining()) {
                return -1;
            }
            buffer.put(text, offset, length);
            return length;
        }
    }
}
