package io.eventsearch.ingest;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an ingest body, a JSON array of events or NDJSON (one event per line), handing each event to a reader as a
 * stream of tokens: no event is built as a tree. Malformed JSON is a 400 that says where (line and column), wherever
 * in the body it is; a batch over the cap is a 413.
 */
public final class EventBatchParser {

    /** Reads one event, from the parser's current token through the event's last token. */
    @FunctionalInterface
    public interface EventReader {
        void read(int position, JsonParser event) throws IOException;
    }

    private final ObjectMapper mapper;
    private final int maxEvents;

    public EventBatchParser(ObjectMapper mapper, int maxEvents) {
        this.mapper = mapper;
        this.maxEvents = maxEvents;
    }

    /** Hands every event of the body to {@code reader}, in order; the number of events. */
    public int parse(byte[] body, boolean ndjson, EventReader reader) {
        try (JsonParser parser = mapper.createParser(body)) {
            return ndjson ? parseNdjson(parser, reader) : parseArray(parser, reader);
        } catch (JsonProcessingException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw InvalidBatchException.malformed("the body could not be read: " + e.getMessage());
        }
    }

    private int parseArray(JsonParser parser, EventReader reader) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw InvalidBatchException.malformed("the body must be a JSON array of events"
                    + " (or NDJSON with Content-Type: application/x-ndjson)");
        }
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            checkCount(count + 1);
            reader.read(count++, parser);
        }
        if (parser.nextToken() != null) {
            throw malformed(parser.currentTokenLocation(), "unexpected content after the array");
        }
        return count;
    }

    /** The events are the body's top-level values, each on a line of its own; blank lines are skipped. */
    private int parseNdjson(JsonParser parser, EventReader reader) throws IOException {
        int count = 0;
        int lastLine = 0;
        while (parser.nextToken() != null) {
            JsonLocation start = parser.currentTokenLocation();
            if (start.getLineNr() == lastLine) {
                throw malformed(start, "a second event on the line; NDJSON holds one event per line");
            }
            checkCount(count + 1);
            reader.read(count++, parser);
            lastLine = parser.currentLocation().getLineNr();
            if (lastLine != start.getLineNr()) {
                throw malformed(start, "an event must be on one line in NDJSON");
            }
        }
        return count;
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
