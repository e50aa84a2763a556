package io.eventsearch.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BulkBodyTest {

    private final ObjectMapper mapper = Json.mapper();

    @Test
    void writesOneCreateActionAndTheDocumentAsWrittenPerPendingWrite() throws Exception {
        List<DocumentWrite> writes = List.of(
                new DocumentWrite("events-audit-2024.05", "t:plain", bytes("{\"a\":1}")),
                new DocumentWrite("events-audit-2024.05", "t:\"quoted\" \\ \u00e9 \u2028 \u0001", bytes("{\"b\":\"\u00e9\"}")),
                new DocumentWrite("events-audit-2024.06", "t:third", bytes("{}")));
        String body = new String(BulkBody.write(writes, List.of(1, 2)), StandardCharsets.UTF_8);

        assertThat(body).endsWith("\n");
        String[] lines = body.split("\n");
        assertThat(lines).hasSize(4);
        JsonNode first = mapper.readTree(lines[0]).get("create");
        assertThat(first.get("_index").asText()).isEqualTo("events-audit-2024.05");
        assertThat(first.get("_id").asText()).isEqualTo("t:\"quoted\" \\ \u00e9 \u2028 \u0001");
        assertThat(lines[1]).isEqualTo("{\"b\":\"\u00e9\"}");
        assertThat(mapper.readTree(lines[2]).at("/create/_id").asText()).isEqualTo("t:third");
        assertThat(lines[3]).isEqualTo("{}");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
