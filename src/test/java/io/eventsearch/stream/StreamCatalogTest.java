package io.eventsearch.stream;

import io.eventsearch.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamCatalogTest {

    private final StreamCatalog catalog = StreamCatalog.load(Json.mapper());

    @Test
    void loadsOneStreamPerListingApi() {
        assertThat(catalog.all()).extracting(StreamDefinition::name)
                .containsExactly("release-downloads", "hub", "audit", "api-usage");
    }

    @Test
    void readsFieldsTypesAndRulesFromTheTemplate() {
        StreamDefinition downloads = catalog.get("release-downloads");
        assertThat(downloads.timeField()).isEqualTo("createdAt");
        assertThat(downloads.timeFormat()).isEqualTo(TimeFormat.ISO);
        assertThat(downloads.idKind()).isEqualTo(IdKind.STRING);
        assertThat(downloads.field("statusCode")).get().extracting(StreamField::type).isEqualTo(FieldType.INTEGER);
        assertThat(downloads.field("location.city")).get().satisfies(city -> {
            assertThat(city.type()).isEqualTo(FieldType.KEYWORD);
            assertThat(city.searchPath()).isEqualTo("location.city.text");
        });
        assertThat(downloads.field("location.point")).get().satisfies(point -> {
            assertThat(point.type()).isEqualTo(FieldType.GEO_POINT);
            assertThat(point.serverOwned()).isTrue();
        });
        assertThat(downloads.field("tenant")).get().extracting(StreamField::serverOwned).isEqualTo(true);
        assertThat(downloads.searchableFields()).extracting(StreamField::path)
                .contains("releaseFileName", "errorMessage", "location.city", "location.countryName")
                .doesNotContain("id", "statusCode", "tenant");
    }

    @Test
    void hubIdsAreNumbersAndApiUsageTimesAreEpochMillis() {
        assertThat(catalog.get("hub").idKind()).isEqualTo(IdKind.DECIMAL);
        assertThat(catalog.get("hub").field("id")).get().extracting(StreamField::type).isEqualTo(FieldType.LONG);
        assertThat(catalog.get("api-usage").timeFormat()).isEqualTo(TimeFormat.EPOCH_MILLIS);
        assertThat(catalog.get("audit").timeField()).isEqualTo("eventTime");
    }

    @Test
    void indexFollowsFromTheEventsOwnMonthInUtc() {
        StreamDefinition audit = catalog.get("audit");
        assertThat(audit.indexFor(java.time.Instant.parse("2024-02-29T23:59:59Z"))).isEqualTo("events-audit-2024.02");
        assertThat(audit.indexFor(java.time.Instant.parse("2024-03-01T00:00:00Z"))).isEqualTo("events-audit-2024.03");
        assertThat(audit.readAlias()).isEqualTo("events-audit");
    }
}
