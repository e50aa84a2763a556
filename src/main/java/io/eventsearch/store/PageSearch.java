package io.eventsearch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.query.JsonScan;
import io.eventsearch.query.JsonText;
import io.eventsearch.query.StoredEvent;
import io.eventsearch.query.Total;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.SearchRequest;

/**
 * A listing page's search: the request exactly as the typed client would send it (its own endpoint and
 * serialisation) through the {@link HttpChannel} ({@link ChannelCalls}), the answer scanned for only what a page
 * needs (the sources, the hits' sort values, the total). Each source stays the answer's text: a listing
 * writes it out as it came, and reads values from it only when it needs them. The typed client built a {@code Hit}
 * and its JSON-P values for every event and parsed the answer on its one I/O dispatch thread, which all requests
 * share. Failures are the typed client's: an error answer becomes its {@link OpenSearchException}.
 */
final class PageSearch {

    /** What a page needs of a search answer. */
    record Hits(List<StoredEvent> events, List<Object> lastSort, Total total) {
    }

    /** A search answer read for a page: its hits, of which a page may take a run ({@link #hits(int, int)}). */
    final class Answer {
        private final byte[] in;
        private final List<StoredEvent> events;
        /** Where each hit's sort values start in the answer; -1 for a hit without them. */
        private final int[] sorts;
        private final Total total;

        private Answer(AnswerReader read) {
            this.in = read.in;
            this.events = read.events;
            this.sorts = read.sorts.stream().mapToInt(Integer::intValue).toArray();
            this.total = read.total != null ? read.total : new Total(read.events.size(), true);
        }

        int size() {
            return events.size();
        }

        Hits hits() throws IOException {
            return hits(0, events.size());
        }

        /** The first sort value of hit {@code k}, when it is a whole number (a time or an integer). */
        Optional<Long> leadingSortValue(int k) throws IOException {
            if (sorts[k] < 0) {
                return Optional.empty();
            }
            List<Object> values = sortValues(in, sorts[k]);
            return !values.isEmpty() && values.get(0) instanceof Long value ? Optional.of(value) : Optional.empty();
        }

        /** The hits from {@code from} (inclusive) to {@code to} (exclusive), with the last one's sort values. */
        Hits hits(int from, int to) throws IOException {
            List<Object> lastSort = to == 0 || sorts[to - 1] < 0 ? List.of() : sortValues(in, sorts[to - 1]);
            return new Hits(events.subList(from, to), lastSort, total);
        }
    }

    private final ChannelCalls calls;
    private final ObjectMapper mapper;

    PageSearch(ChannelCalls calls, ObjectMapper mapper) {
        this.calls = calls;
        this.mapper = mapper;
    }

    /** The search's hits, every shard having answered (else {@link StoreUnavailableException}). */
    Hits search(SearchRequest request) throws IOException {
        return answer(request).hits();
    }

    /** The search's answer, every shard having answered (else {@link StoreUnavailableException}). */
    Answer answer(SearchRequest request) throws IOException {
        byte[] answer = calls.exchange(SearchRequest._ENDPOINT, request);
        if (answer.length == 0) {
            throw new IOException("OpenSearch answered a search without a body");
        }
        return read(answer);
    }

    /**
     * The page's parts of the answer, found by scanning its bytes ({@link JsonScan}): the events' sources are only
     * skipped here (a listing writes them out as they are), which Jackson's tokeniser did token by token. The few
     * small values read (the shards, the total, the hits' sort values) are read by Jackson.
     */
    private Answer read(byte[] in) throws IOException {
        AnswerReader answer = new AnswerReader(in);
        try {
            int start = JsonScan.skipWhitespace(in, 0);
            if (in[start] != '{') {
                throw new IOException("unexpected search answer: it is no JSON object");
            }
            JsonScan.members(in, start, answer::topLevel);
        } catch (IndexOutOfBoundsException cutShort) {
            throw new IOException("OpenSearch's search answer ends before its JSON does", cutShort);
        }
        return new Answer(answer);
    }

    /** What {@link #read} finds, member by member. */
    private final class AnswerReader {
        private final byte[] in;
        private final List<StoredEvent> events = new ArrayList<>();
        private final List<Integer> sorts = new ArrayList<>();
        private Total total;

        AnswerReader(byte[] in) {
            this.in = in;
        }

        int topLevel(int quote, int nameEnd, int value) throws IOException {
            if (JsonScan.nameIs(in, quote, nameEnd, "_shards")) {
                checkShards(tree(value));
            } else if (JsonScan.nameIs(in, quote, nameEnd, "hits") && in[value] == '{') {
                return JsonScan.members(in, value, this::hits);
            }
            return -1;
        }

        private int hits(int quote, int nameEnd, int value) throws IOException {
            if (JsonScan.nameIs(in, quote, nameEnd, "total") && in[value] == '{') {
                JsonNode counted = tree(value);
                total = new Total(counted.path("value").asLong(), "eq".equals(counted.path("relation").asText()));
            } else if (JsonScan.nameIs(in, quote, nameEnd, "hits") && in[value] == '[') {
                return JsonScan.elements(in, value, this::hit);
            }
            return -1;
        }

        /** One hit: its source added to the events, as the answer's text; where its sort values are. */
        private int hit(int value) throws IOException {
            if (in[value] != '{') {
                throw new IOException("unexpected search answer: a hit that is no object");
            }
            int[] source = {-1, -1};
            int[] sort = {-1};
            int end = JsonScan.members(in, value, (quote, nameEnd, member) -> {
                if (JsonScan.nameIs(in, quote, nameEnd, "_source") && in[member] == '{') {
                    source[0] = member;
                    source[1] = JsonScan.valueEnd(in, member);
                    return source[1];
                }
                if (JsonScan.nameIs(in, quote, nameEnd, "sort") && in[member] == '[') {
                    sort[0] = member;
                }
                return -1;
            });
            sorts.add(sort[0]);
            events.add(source[0] < 0 ? new StoredEvent(Map.of())
                    : StoredEvent.ofJson(new JsonText(in, source[0], source[1] - source[0]), PageSearch.this::values));
            return end;
        }

        private JsonNode tree(int value) throws IOException {
            return mapper.readTree(in, value, JsonScan.valueEnd(in, value) - value);
        }
    }

    /** The sort values of the array at {@code start}, as the query model holds them. */
    private List<Object> sortValues(byte[] in, int start) throws IOException {
        List<Object> sort = new ArrayList<>();
        try (JsonParser json = mapper.createParser(in, start, JsonScan.valueEnd(in, start) - start)) {
            expect(json.nextToken(), JsonToken.START_ARRAY);
            while (json.nextToken() != JsonToken.END_ARRAY) {
                sort.add(sortValue(json));
            }
        }
        return sort;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> values(JsonText source) {
        try {
            return mapper.readValue(source.bytes(), source.offset(), source.length(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a source OpenSearch returned is not JSON", e);
        }
    }

    /** A sort value as the query model holds it, as {@link StoreReads#plain} gives the typed client's. */
    private static Object sortValue(JsonParser json) throws IOException {
        return switch (json.currentToken()) {
            case VALUE_NUMBER_INT -> json.getLongValue();
            case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_STRING -> json.getText();
            default -> throw new IOException("unexpected sort value " + json.currentToken());
        };
    }

    /** A shard that failed leaves its events out of an answer OpenSearch still calls a success: never served. */
    private static void checkShards(JsonNode shards) {
        int failed = shards.path("failed").asInt();
        if (failed > 0) {
            JsonNode reason = shards.path("failures").path(0).path("reason").path("reason");
            throw StoreReads.shardsFailed(failed, shards.path("total").asInt(),
                    reason.isMissingNode() ? null : reason.asText());
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("unexpected search answer: " + actual + " where " + expected + " belongs");
        }
    }
}
