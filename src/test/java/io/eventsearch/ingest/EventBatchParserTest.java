package io.eventsearch.ingest;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBatchParserTest {

    private final EventBatchParser parser = new EventBatchParser(Json.mapper(), 3);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The events of a body, each read as a tree by the reader the parser hands it to. */
    private List<JsonNode> events(String body, boolean ndjson) {
        List<JsonNode> events = new ArrayList<>();
        int count = parser.parse(bytes(body), ndjson, (position, event) -> {
            assertThat(position).isEqualTo(events.size());
            events.add(Json.mapper().readTree(event));
        });
        assertThat(count).isEqualTo(events.size());
        return events;
    }

    @Test
    void readsAJsonArrayAndNdjson() {
        assertThat(events("[{\"a\":1},{\"a\":2}]", false)).hasSize(2);
        assertThat(events("{\"a\":1}\n\n{\"a\":2}\r\n", true)).hasSize(2)
                .extracting(n -> n.get("a").asInt()).containsExactly(1, 2);
        assertThat(events("[1, \"two\", [3]]", false)).extracting(JsonNode::toString).containsExactly("1", "\"two\"", "[3]");
    }

    @Test
    void saysWhereJsonIsMalformed() {
        assertThatThrownBy(() -> events("[{\"a\":1},\n{\"a\" 2}]", false))
                .isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("line 2, column")
                .extracting(e -> ((InvalidBatchException) e).tooLarge()).isEqualTo(false);
        assertThatThrownBy(() -> events("{\"a\":1}\n{\"a\":}\n", true))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> events("{\"a\":1} {\"b\":2}\n", true))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> events("{\"a\":1}\n{\"b\":\n2}\n", true))
                .hasMessageContaining("line 2").hasMessageContaining("one line");
        assertThatThrownBy(() -> events("[{\"a\":1}] 2", false))
                .hasMessageContaining("line 1, column 11");
        assertThatThrownBy(() -> events("[{\"a\":1},{\"b\":2}", false))
                .isInstanceOf(InvalidBatchException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void refusesABodyThatIsNotAnArray() {
        assertThatThrownBy(() -> events("{\"a\":1}", false))
                .hasMessageContaining("must be a JSON array");
    }

    @Test
    void refusesBatchesOverTheCapAsTooLarge() {
        assertThatThrownBy(() -> events("[{},{},{},{}]", false))
                .isInstanceOf(InvalidBatchException.class)
                .extracting(e -> ((InvalidBatchException) e).tooLarge()).isEqualTo(true);
        assertThatThrownBy(() -> events("{}\n{}\n{}\n{}\n", true))
                .extracting(e -> ((InvalidBatchException) e).tooLarge()).isEqualTo(true);
    }
}
