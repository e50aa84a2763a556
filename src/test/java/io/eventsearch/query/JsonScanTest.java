package io.eventsearch.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Members and elements found in well-formed JSON without reading it, equal to what a JSON parser reads. */
class JsonScanTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void membersAreFoundWithTheirValuesWhateverTheSpacingAndTheStringsHold() throws Exception {
        String text = " { \"a\" : 1 ,\n\"b\":{\"c\":[1,{\"d\":\"}]\\\"{\"}],\"e\":null},\t\"f\" :\"x\\\\\" , \"g\":[] ,\"h\":{}}  ";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Map<String, String> found = new LinkedHashMap<>();
        int start = JsonScan.skipWhitespace(bytes, 0);
        int end = JsonScan.members(bytes, start, (quote, nameEnd, value) -> {
            found.put(new String(bytes, quote + 1, nameEnd - quote - 2, StandardCharsets.UTF_8),
                    new String(bytes, value, JsonScan.valueEnd(bytes, value) - value, StandardCharsets.UTF_8));
            return -1;
        });
        assertThat(found.keySet()).containsExactly("a", "b", "f", "g", "h");
        Map<?, ?> parsed = mapper.readValue(text, Map.class);
        for (Map.Entry<String, String> member : found.entrySet()) {
            assertThat(mapper.readValue(member.getValue(), Object.class)).isEqualTo(parsed.get(member.getKey()));
        }
        assertThat(text.substring(end).isBlank()).isTrue();
        assertThat(text.charAt(end - 1)).isEqualTo('}');
    }

    @Test
    void elementsAreFoundAndAReaderMayConsumeThemItself() throws Exception {
        String text = "[ {\"_source\":{\"x\":\"]\"},\"sort\":[3]} , 2,\"s\",[],{} ]";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> elements = new ArrayList<>();
        int end = JsonScan.elements(bytes, 0, value -> {
            int after = JsonScan.valueEnd(bytes, value);
            elements.add(new String(bytes, value, after - value, StandardCharsets.UTF_8));
            return value % 2 == 0 ? after : -1; // both ways of going on must agree
        });
        assertThat(end).isEqualTo(text.length());
        assertThat(elements).containsExactly("{\"_source\":{\"x\":\"]\"},\"sort\":[3]}", "2", "\"s\"", "[]", "{}");
        assertThat(JsonScan.elements("[]".getBytes(StandardCharsets.UTF_8), 0, value -> -1)).isEqualTo(2);
        assertThat(JsonScan.members("{ }".getBytes(StandardCharsets.UTF_8), 0, (q, n, v) -> -1)).isEqualTo(3);
    }

    @Test
    void namesAreComparedByTheirWholeText() {
        byte[] bytes = "\"hits\"".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonScan.nameIs(bytes, 0, bytes.length, "hits")).isTrue();
        assertThat(JsonScan.nameIs(bytes, 0, bytes.length, "hit")).isFalse();
        assertThat(JsonScan.nameIs(bytes, 0, bytes.length, "hats")).isFalse();
    }
}
