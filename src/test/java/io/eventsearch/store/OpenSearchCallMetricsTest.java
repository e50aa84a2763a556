package io.eventsearch.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OpenSearchCallMetricsTest {

    @ParameterizedTest
    @CsvSource({
            "/_bulk?filter_path=items.*.status, _bulk",
            "/events-audit-*/_search?typed_keys=true, _search",
            "/_search/point_in_time, point_in_time",
            "/events-audit-*/_search/point_in_time?keep_alive=2m, point_in_time",
            "/_search/point_in_time/_all, point_in_time",
            "/events-audit-2024.01, index",
            "/events-audit-2024.01/_block/write, _block",
            "/_index_template/events-audit, _index_template",
            "/, index",
    })
    void anOperationIsThePathsLastEndpoint(String path, String operation) {
        assertThat(OpenSearchCallMetrics.operation(path)).isEqualTo(operation);
    }
}
