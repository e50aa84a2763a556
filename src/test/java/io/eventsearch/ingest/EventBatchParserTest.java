package io.eventsearch.ingest;

import java.nio.charset.StandardCharsets;

import io.eventsearch.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBatchParserTest {

    private final EventBatchParser parser = new EventBatchParser(Json.mapper(), 3);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAJsonArrayAndNdjson() {
        assertThat(parser.parse(bytes("[{\"a\":1},{\"a\":2}]"), false)).hasSize(2);
        assertThat(parser.parse(bytes("{\"a\":1}\n\n{\"a\":2}\r\n"), true)).hasSize(2)
                .extracting(n -> n.get("a").asInt()).containsExactly(1, 2);
    }

    @Test
    void saysWhereJsonIsMalformed() {
        assertThatThrownBy(() -> parser.parse(bytes("[{\"a\":1},\n{\"a\" 2}]"), false))
                .isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("line 2, column")
                .extracting(e -> ((InvalidBatchException) e).tooLarge()).isEqualTo(false);
        assertThatThrownBy(() -> parser.parse(bytes("{\"a\":1}\n{\"a\":}\n"), true))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> parser.parse(bytes("{\"a\":1} {\"b\":2}\n"), true))
                .hasMessageContaining("line 1");
    }

    @Test
    void refusesABodyThatIsNotAnArray() {
        assertThatThrownBy(() -> parser.parse(bytes("{\"a\":1}"), false))
                .hasMessageContaining("must be a JSON array");
    }

    @Test
    void refusesBatchesOverTheCapAsTooLarge() {
        assertThatThrownBy(() -> parser.parse(bytes("[{},{},{},{}]"), false))
                .isInstanceOf(InvalidBatchException.class)
                .extracting(e -> ((InvalidBatchException) e).tooLarge()).isEqualTo(true);
        assertThatThrownBy(() -> parser.parse(bytes("{}\n{}\n{}\n{}\n"), true))
                .extracting(e -> ((InvalidBatchException) e).tooLarge()).isEqualTo(true);
    }
}
