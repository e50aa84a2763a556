package io.eventsearch.query;

import java.time.Instant;
import java.util.List;

import io.eventsearch.Json;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import org.junit.jupiter.api.Test;

import static io.eventsearch.query.StreamRestriction.restrict;
import static org.assertj.core.api.Assertions.assertThat;

class StreamRestrictionTest {

    private static final StreamCatalog STREAMS = StreamCatalog.load(Json.mapper());
    private static final StreamDefinition RELEASES = STREAMS.get("release-downloads");
    private static final StreamDefinition HUB = STREAMS.get("hub");

    @Test
    void aConditionOnAFieldTheStreamLacksMatchesNoneOfItsEvents() {
        Filter failures = new Filter.Range("statusCode", null, 400L, null, null);
        assertThat(restrict(failures, RELEASES)).isEqualTo(failures);
        assertThat(restrict(failures, HUB)).isEqualTo(Filter.none());
        assertThat(restrict(new Filter.Not(failures), HUB)).isEqualTo(Filter.all());
        assertThat(restrict(new Filter.Exists("errorCode"), HUB)).isEqualTo(Filter.none());
    }

    @Test
    void aStreamChoiceIsTrueOrFalseAsAWholeAndSimplifies() {
        Filter query = new Filter.And(List.of(new Filter.InStream("hub"), new Filter.Text("smith")));
        assertThat(restrict(query, HUB)).isEqualTo(new Filter.Text("smith"));
        assertThat(restrict(query, RELEASES)).isEqualTo(Filter.none());
        Filter either = new Filter.Or(List.of(new Filter.InStream("hub"), new Filter.Term("statusCode", 500L)));
        assertThat(restrict(either, HUB)).isEqualTo(Filter.all());
        assertThat(restrict(either, RELEASES)).isEqualTo(new Filter.Term("statusCode", 500L));
    }

    @Test
    void valuesOfAnotherTypeThanTheStreamsFieldMatchNothingThere() {
        Filter id = new Filter.Or(List.of(new Filter.Term("id", "7", true), new Filter.Term("id", 7L)));
        assertThat(restrict(id, HUB)).isEqualTo(new Filter.Term("id", 7L));
        assertThat(restrict(id, RELEASES)).isEqualTo(new Filter.Term("id", "7", true));
    }

    @Test
    void theTimeAliasIsEachStreamsOwnTimeField() {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        Filter since = new Filter.Range(StreamDefinition.TIME_ALIAS, null, t, null, null);
        assertThat(restrict(since, HUB)).isEqualTo(new Filter.Range("timestamp", null, t, null, null));
        assertThat(restrict(since, RELEASES)).isEqualTo(new Filter.Range("createdAt", null, t, null, null));
    }

    @Test
    void serverOwnedFieldsAreNeverReachable() {
        assertThat(restrict(new Filter.Term("tenant", "other"), HUB)).isEqualTo(Filter.none());
        assertThat(restrict(new Filter.Not(new Filter.Term("tenant", "other")), HUB)).isEqualTo(Filter.all());
    }
}
