package io.eventsearch.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
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

    private static final byte[] INDEX = "{\"create\":{\"_index\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ID = "\",\"_id\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\"}}\n".getBytes(StandardCharsets.UTF_8);

    /** {@code create} actions for the {@code pending} writes, as NDJSON; the documents are copied as written. */
    static byte[] write(List<DocumentWrite> writes, List<Integer> pending) {
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        byte[][] indices = new byte[pending.size()][];
        byte[][] ids = new byte[pending.size()][];
        int size = 0;
        for (int k = 0; k < pending.size(); k++) {
            DocumentWrite write = writes.get(pending.get(k));
            indices[k] = encoder.quoteAsUTF8(write.index());
            ids[k] = encoder.quoteAsUTF8(write.docId()); // producers' ids may hold quotes, backslashes, any text
            size += INDEX.length + indices[k].length + ID.length + ids[k].length + END.length
                    + write.document().length + 1;
        }
        byte[] body = new byte[size];
        int at = 0;
        for (int k = 0; k < pending.size(); k++) {
            at = put(body, at, INDEX);
            at = put(body, at, indices[k]);
            at = put(body, at, ID);
            at = put(body, at, ids[k]);
            at = put(body, at, END);
            at = put(body, at, writes.get(pending.get(k)).document());
            body[at++] = '\n';
        }
        return body;
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
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
