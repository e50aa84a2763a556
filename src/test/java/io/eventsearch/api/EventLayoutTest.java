package io.eventsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.Json;
import io.eventsearch.query.JsonText;
import io.eventsearch.query.StoredEvent;
import org.junit.jupiter.api.Test;

class EventLayoutTest {

    private static final ObjectMapper MAPPER = Json.mapper();

    private static final EventLayout NULLS = EventLayout.builder(EventLayout.Missing.NULL)
            .values("id", "count")
            .alwaysObject("location", EventLayout.builder(EventLayout.Missing.NULL).values("city", "lat").build())
            .object("client", EventLayout.builder(EventLayout.Missing.NULL).values("id").build())
            .text("time", text -> "<" + text + ">")
            .values("data")
            .build();

    private static final EventLayout OMITTING = EventLayout.builder(EventLayout.Missing.OMIT)
            .values("id")
            .object("changes", EventLayout.builder(EventLayout.Missing.OMIT).values("field", "newValue").build())
            .values("type")
            .build();

    @Test
    void fieldsComeInTheLayoutsOrderWithNullsForWhatIsMissingAndUnknownFieldsLeftOut() throws IOException {
        String source = "{\"data\":{\"a\":[1,{\"b\":\"}\"}]},\"unknown\":[\"x\",{\"y\":null}],\"count\":-1.50e3,"
                + "\"id\":\"a\\\"b\\\\\",\"client\":{\"id\":7,\"name\":\"n\"},\"time\":\"2026\"}";
        assertEquals("{\"id\":\"a\\\"b\\\\\",\"count\":-1.50e3,\"location\":{\"city\":null,\"lat\":null},"
                + "\"client\":{\"id\":7},\"time\":\"<2026>\",\"data\":{\"a\":[1,{\"b\":\"}\"}]}}",
                written(NULLS, source));
    }

    @Test
    void aMissingObjectIsNullUnlessItIsAlwaysThere() throws IOException {
        assertEquals("{\"id\":null,\"count\":null,\"location\":{\"city\":\"Zürich\",\"lat\":null},\"client\":null,"
                + "\"time\":null,\"data\":null}", written(NULLS, "{\"location\":{\"city\":\"Zürich\"},\"client\":null}"));
        assertEquals("{\"id\":null,\"count\":null,\"location\":{\"city\":null,\"lat\":null},\"client\":null,"
                + "\"time\":null,\"data\":null}", written(NULLS, "{}"));
    }

    @Test
    void anOmittingLayoutLeavesOutMissingFieldsAndNullsAndLaysOutTheObjectsOfArrays() throws IOException {
        assertEquals("{\"id\":1,\"changes\":[{\"field\":\"role\",\"newValue\":[\"a\",\"b\"]},3,{}]}",
                written(OMITTING, "{\"type\":null,\"changes\":[{\"oldValue\":\"x\",\"newValue\":[\"a\",\"b\"],"
                        + "\"field\":\"role\"},3,{\"oldValue\":1}],\"id\":1}"));
        assertEquals("{\"changes\":{\"field\":\"f\"},\"type\":\"t\"}",
                written(OMITTING, "{\"changes\":{\"field\":\"f\"},\"type\":\"t\"}"));
        assertEquals("{}", written(OMITTING, "{\"changes\":\"not an object\"}"));
    }

    @Test
    void whitespaceAndEscapedNamesAreReadAsJsonReadsThem() throws IOException {
        String source = " {\n \"\\u0069d\" : \"x\" ,\t\"count\":\r\n12 , \"location\" : { \"city\" : \"a b\" } } ";
        assertEquals("{\"id\":\"x\",\"count\":12,\"location\":{\"city\":\"a b\",\"lat\":null},\"client\":null,"
                + "\"time\":null,\"data\":null}", written(NULLS, source));
    }

    @Test
    void anEventMadeOfValuesIsWrittenAsTheSameEventMadeOfText() throws IOException {
        Random random = new Random(20261204);
        for (int n = 0; n < 500; n++) {
            Map<String, Object> values = randomEvent(random);
            byte[] text = MAPPER.writeValueAsBytes(values);
            StoredEvent fromText = StoredEvent.ofJson(new JsonText(text, 0, text.length), t -> values);
            for (EventLayout layout : List.of(NULLS, OMITTING)) {
                assertEquals(written(layout, new StoredEvent(values)), written(layout, fromText), values.toString());
            }
        }
    }

    @Test
    void aPrettyAnswerIsIndentedInsideCopiedValuesToo() throws IOException {
        assertEquals(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(List.of(Map.of("id",
                Map.of("a", List.of(1))))), generated(OMITTING.list(List.of(event("{\"id\":{\"a\":[1]}}"))), true));
    }

    @Test
    void aSourceInsideALargerAnswerIsReadWithinItsSpanOnly() throws IOException {
        byte[] answer = "[{\"id\":1},{\"id\":2,\"type\":\"t\"},{\"id\":3}]".getBytes(StandardCharsets.UTF_8);
        StoredEvent second = StoredEvent.ofJson(new JsonText(answer, 10, 19), t -> Map.of());
        assertEquals("[{\"id\":2,\"type\":\"t\"},{\"id\":2,\"type\":\"t\"}]",
                generated(OMITTING.list(List.of(second, second)), false));
    }

    private static Map<String, Object> randomEvent(Random random) {
        List<String> names = new ArrayList<>(List.of("id", "count", "location", "client", "time", "data", "changes",
                "type", "other"));
        java.util.Collections.shuffle(names, random);
        Map<String, Object> event = new LinkedHashMap<>();
        for (String name : names.subList(0, random.nextInt(names.size()))) {
            event.put(name, randomValue(random, 0));
        }
        return event;
    }

    private static Object randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 5 : 8)) {
            case 0 -> null;
            case 1 -> random.nextLong();
            case 2 -> random.nextDouble() * 1e6;
            case 3 -> random.nextBoolean();
            case 4 -> randomText(random);
            case 5 -> java.util.Arrays.asList(randomValue(random, depth + 1), randomValue(random, depth + 1));
            default -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (String name : List.of("city", "lat", "id", "field", "newValue", "x")) {
                    if (random.nextBoolean()) {
                        object.put(name, randomValue(random, depth + 1));
                    }
                }
                yield object;
            }
        };
    }

    private static String randomText(Random random) {
        String alphabet = "ab \"\\/{}[],:\n\té€😀\u0001";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(alphabet.length() - 1);
            text.append(Character.isHighSurrogate(alphabet.charAt(at)) ? alphabet.substring(at, at + 2)
                    : Character.isLowSurrogate(alphabet.charAt(at)) ? "x" : alphabet.substring(at, at + 1));
        }
        return text.toString();
    }

    private static StoredEvent event(String source) {
        byte[] text = source.getBytes(StandardCharsets.UTF_8);
        return StoredEvent.ofJson(new JsonText(text, 0, text.length), t -> Map.of());
    }

    private static String written(EventLayout layout, String source) throws IOException {
        return written(layout, event(source));
    }

    private static String written(EventLayout layout, StoredEvent event) throws IOException {
        return generated(layout.one(event), false);
    }

    /** As the service writes answers: UTF-8 bytes, through the generator a byte stream gets. */
    private static String generated(JsonResponses.Writable writable, boolean pretty) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            if (pretty) {
                json.useDefaultPrettyPrinter();
            }
            writable.writeTo(json);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
