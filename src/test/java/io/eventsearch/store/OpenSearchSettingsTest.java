package io.eventsearch.store;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenSearchSettingsTest {

    @Test
    void severalNodesAreNamedWithCommas() {
        assertThat(OpenSearchSettings.parseUrls(" http://os-1:9200, https://os-2:9200 ,"))
                .containsExactly(URI.create("http://os-1:9200"), URI.create("https://os-2:9200"));
    }

    @Test
    void aUrlThatIsNotHttpStopsTheStartWithItsName() {
        assertThatThrownBy(() -> OpenSearchSettings.parseUrls("http://os-1:9200,os-2:9200"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("os-2:9200");
        assertThatThrownBy(() -> OpenSearchSettings.parseUrls(" , "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no node");
    }

    @Test
    void timeoutsAndBackoffComeFromConfigurationAndMustBePositive() {
        OpenSearchSettings settings = OpenSearchSettings.from(TestService.config(Map.of(
                "opensearch.timeout.connect", "250", "opensearch.timeout.response", "4000")).get("opensearch"));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThatThrownBy(() -> OpenSearchSettings.from(TestService.config(Map.of(
                "opensearch.timeout.response", "0")).get("opensearch")))
                .hasMessageContaining("opensearch.timeout.response");
    }

    @Test
    void aJitteredPauseLiesBetweenHalfTheBoundAndTheBoundAndVaries() {
        Set<Duration> drawn = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            Duration pause = BulkWriter.jittered(Duration.ofMillis(400));
            assertThat(pause).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            drawn.add(pause);
        }
        assertThat(drawn).hasSizeGreaterThan(50);
        assertThat(List.of(BulkWriter.jittered(Duration.ofMillis(1)))).allSatisfy(pause ->
                assertThat(pause).isBetween(Duration.ZERO, Duration.ofMillis(1)));
    }
}
