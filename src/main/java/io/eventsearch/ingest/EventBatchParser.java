package io.eventsearch.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an ingest body: a JSON array of events, or NDJSON (one event per line). Malformed JSON is a 400 that says
 * where (line and column); a batch over the cap is a 413.
 */
public final class EventBatchParser {

    private final ObjectMapper mapper;
    private final int maxEvents;

    public EventBatchParser(ObjectMapper mapper, int maxEvents) {
        this.mapper = mapper;
        this.maxEvents = maxEvents;
    }

    public List<JsonNode> parse(byte[] body, boolean ndjson) {
        return ndjson ? parseNdjson(body) : parseArray(body);
    }

    private List<JsonNode> parseArray(byte[] body) {
        List<JsonNode> events = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw InvalidBatchException.malformed("the body must be a JSON array of events"
                        + " (or NDJSON with Content-Type: application/x-ndjson)");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                checkCount(events.size() + 1);
                events.add(mapper.readTree(parser));
            }
            if (parser.nextToken() != null) {
                throw malformed(parser.currentLocation(), "unexpected content after the array");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw InvalidBatchException.malformed("the body could not be read: " + e.getMessage());
        }
        return events;
    }

    private List<JsonNode> parseNdjson(byte[] body) {
        List<JsonNode> events = new ArrayList<>();
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            checkCount(events.size() + 1);
            try {
                events.add(mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(line));
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                throw InvalidBatchException.malformed("malformed JSON at line " + (i + 1)
                        + (at != null ? ", column " + at.getColumnNr() : "") + ": " + e.getOriginalMessage());
            }
        }
        return events;
    }

    private void checkCount(int count) {
        if (count > maxEvents) {
            throw InvalidBatchException.tooLarge("a batch may hold at most " + maxEvents + " events; split it");
        }
    }

    private static InvalidBatchException malformed(JsonLocation at, String detail) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return InvalidBatchException.malformed("malformed JSON" + where + ": " + detail);
    }
}
