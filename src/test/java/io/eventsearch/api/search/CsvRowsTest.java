package io.eventsearch.api.search;

import java.util.List;
import java.util.Map;

import io.eventsearch.Json;
import io.eventsearch.query.SearchHit;
import io.eventsearch.query.StoredEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRowsTest {

    @Test
    void quotesAsRfc4180AndKeepsFormulasText() {
        assertThat(CsvRows.cell("plain")).isEqualTo("plain");
        assertThat(CsvRows.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvRows.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvRows.cell("line\r\nbreak")).isEqualTo("\"line\r\nbreak\"");
        assertThat(CsvRows.cell("=1+2")).isEqualTo("\"'=1+2\"");
        assertThat(CsvRows.cell("+1")).isEqualTo("\"'+1\"");
        assertThat(CsvRows.cell("-2")).isEqualTo("\"'-2\"");
        assertThat(CsvRows.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(CsvRows.cell("\tcmd")).isEqualTo("\"'\tcmd\"");
    }

    @Test
    void flattensNestedFieldsAndWritesListsAsJsonAndNumbersAsTheyAre() {
        CsvRows rows = new CsvRows(List.of("id", "statusCode", "location.city", "changes", "missing"), Json.mapper());
        assertThat(rows.header()).isEqualTo("stream,id,statusCode,location.city,changes,missing\r\n");
        SearchHit hit = new SearchHit("hub", new StoredEvent(Map.of("id", "x", "statusCode", -1,
                "location", Map.of("city", "Köln\nNord"), "changes", List.of(Map.of("field", "a")))), Map.of(),
                new io.eventsearch.query.SearchPosition(null, List.of()));
        assertThat(rows.row(hit)).isEqualTo("hub,x,-1,\"Köln\nNord\",\"[{\"\"field\"\":\"\"a\"\"}]\",\r\n");
    }
}
