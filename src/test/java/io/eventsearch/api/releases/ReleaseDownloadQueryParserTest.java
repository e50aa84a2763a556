package io.eventsearch.api.releases;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventsearch.Json;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.Filter;
import io.eventsearch.query.Page;
import io.eventsearch.query.SortKey;
import io.eventsearch.stream.StreamCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseDownloadQueryParserTest {

    private final ReleaseDownloadQueryParser parser =
            new ReleaseDownloadQueryParser(StreamCatalog.load(Json.mapper()).get("release-downloads"));

    private ReleaseDownloadQuery parse(String... pairs) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return parser.parse(ParameterReader.of(parameters));
    }

    private List<Filter> filters(ReleaseDownloadQuery query) {
        return ((Filter.And) query.query().filter()).filters();
    }

    @Test
    void defaultsToTheFirstPageOfTenInCreationOrder() {
        ReleaseDownloadQuery query = parse();
        assertThat(query.page()).isEqualTo(1);
        assertThat(query.limit()).isEqualTo(10);
        assertThat(query.query().page()).isEqualTo(new Page.Offset(0, 10));
        assertThat(query.query().sort()).containsExactly(SortKey.ascending("createdAt"));
        assertThat(filters(query)).isEmpty();
    }

    @Test
    void readsEveryOperator() {
        ReleaseDownloadQuery query = parse(
                "releaseId", "r1",
                "productId[eq]", "p1",
                "userId[ne]", "u1",
                "statusCode[in]", "403, 404",
                "createdAt[gte]", "2024-01-01T00:00:00Z",
                "createdAt[lt]", "2024-02-01T00:00:00+01:00",
                "statusCode[gt]", "199",
                "updatedAt[lte]", "2024-03-01T00:00:00Z",
                "countryCode", "GB",
                "page", "3", "limit", "25", "sort", "-statusCode,createdAt", "search", "macos dmg");
        assertThat(filters(query)).containsExactly(
                new Filter.Term("releaseId", "r1"),
                new Filter.Term("productId", "p1"),
                new Filter.Not(new Filter.Term("userId", "u1")),
                new Filter.Terms("statusCode", List.of(403L, 404L)),
                new Filter.Range("createdAt", null, Instant.parse("2024-01-01T00:00:00Z"), null, null),
                new Filter.Range("createdAt", null, null, Instant.parse("2024-01-31T23:00:00Z"), null),
                new Filter.Range("statusCode", 199L, null, null, null),
                new Filter.Range("updatedAt", null, null, null, Instant.parse("2024-03-01T00:00:00Z")),
                new Filter.Term("location.countryCode", "GB"),
                new Filter.Text("macos dmg"));
        assertThat(query.query().page()).isEqualTo(new Page.Offset(50, 25));
        assertThat(query.query().sort()).containsExactly(SortKey.descending("statusCode"), SortKey.ascending("createdAt"));
    }

    @Test
    void anUnencodedPlusInAnOffsetStillReadsAsAnOffset() {
        assertThat(filters(parse("createdAt[gte]", "2024-01-01T01:00:00 01:00")))
                .containsExactly(new Filter.Range("createdAt", null, Instant.parse("2024-01-01T00:00:00Z"), null, null));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "limit            | 0            | limit      | between 1 and 100",
        "limit            | 101          | limit      | between 1 and 100",
        "limit            | ten          | limit      | between 1 and 100",
        "page             | 0            | page       | at least 1",
        "page             | 20000000     | page       | narrow the query",
        "sort             | -bogus       | sort       | cannot sort by 'bogus'",
        "sort             | createdAt,   | sort       | empty field",
        "search           | ' '          | search     | must not be empty",
        "bogus            | 1            | bogus      | is not a parameter of this API",
        "tenant           | other        | tenant     | is not a parameter of this API",
        "statusCode[like] | 4            | statusCode[like] | unknown operator 'like'",
        "statusCode       | abc          | statusCode | must be an integer",
        "statusCode[in]   | 403,,404     | statusCode[in] | must not be empty",
        "releaseId        | ''           | releaseId  | must not be empty",
        "releaseId[gt]    | a            | releaseId[gt] | compares dates and numbers",
        "createdAt[gte]   | 2024-01-01   | createdAt[gte] | ISO-8601 date-time with a zone",
        "createdAt        | yesterday    | createdAt  | ISO-8601 date-time with a zone",
    })
    void refusesBadInputNamingTheParameter(String name, String value, String parameter, String reason) {
        assertThatThrownBy(() -> parse(name, value))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.parameter()).isEqualTo(parameter);
                })
                .hasMessageContaining(reason);
    }

    @Test
    void aRepeatedParameterIsAnErrorNotASilentChoice() {
        assertThatThrownBy(() -> parse("releaseId", "a", "releaseId", "b"))
                .hasMessageContaining("more than once")
                .hasMessageContaining("releaseId[in]=a,b");
    }
}
