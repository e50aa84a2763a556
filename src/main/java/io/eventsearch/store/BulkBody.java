package io.eventsearch.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bulk API's wire format, written and read with Jackson's streaming API: the NDJSON body from the documents
 * as ingest wrote them (no typed operation objects, no second serialisation by the client), and of the answer only
 * what the writer needs per item (status and error). The typed client's request and response mapping cost more CPU
 * per event than everything else the service does on ingest.
 */
final class BulkBody {

    /** One item of the answer, in the order of the request. */
    record Item(int status, String errorType, String errorReason) {
    }

    private BulkBody() {
    }

    /** {@code create} actions for the {@code pending} writes, as NDJSON; the documents are copied as written. */
    static byte[] write(ObjectMapper mapper, List<DocumentWrite> writes, List<Integer> pending) throws IOException {
        int size = 0;
        for (int index : pending) {
            size += writes.get(index).document().length + 128; // the action line and two newlines, roughly
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (int index : pending) {
                DocumentWrite write = writes.get(index);
                json.writeStartObject();
                json.writeObjectFieldStart("create");
                json.writeStringField("_index", write.index());
                json.writeStringField("_id", write.docId());
                json.writeEndObject();
                json.writeEndObject();
                json.writeRaw('\n');
                json.flush();
                out.write(write.document());
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** The items of a bulk answer; anything else in it is skipped. */
    static List<Item> read(ObjectMapper mapper, InputStream answer, int expected) throws IOException {
        List<Item> items = new ArrayList<>(expected);
        try (JsonParser json = mapper.createParser(answer)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                if (json.nextToken() == JsonToken.START_ARRAY && "items".equals(json.currentName())) {
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        expect(json.nextToken(), JsonToken.FIELD_NAME); // the action: "create"
                        expect(json.nextToken(), JsonToken.START_OBJECT);
                        items.add(item(json));
                        expect(json.nextToken(), JsonToken.END_OBJECT);
                    }
                } else {
                    json.skipChildren();
                }
            }
        }
        if (items.size() != expected) {
            throw new IOException("OpenSearch answered " + items.size() + " bulk items for " + expected);
        }
        return items;
    }

    private static Item item(JsonParser json) throws IOException {
        int status = 0;
        String type = null;
        String reason = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if ("status".equals(field)) {
                status = json.getIntValue();
            } else if ("error".equals(field) && value == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String errorField = json.currentName();
                    json.nextToken();
                    if ("type".equals(errorField)) {
                        type = json.getText();
                    } else if ("reason".equals(errorField)) {
                        reason = json.getText();
                    } else {
                        json.skipChildren();
                    }
                }
            } else {
                json.skipChildren();
            }
        }
        return new Item(status, type, reason);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected bulk answer: " + actual + " where " + expected + " belongs");
        }
    }
}
