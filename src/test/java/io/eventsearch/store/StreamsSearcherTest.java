package io.eventsearch.store;

import java.util.List;

import io.eventsearch.query.SearchHit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsSearcherTest {

    @Test
    void highlightMarksBecomeRangesOverTheWholeValue() {
        assertThat(StreamsSearcher.highlight("\uE000東京\uE001-setup.exe")).contains(new SearchHit.Highlight(
                "東京-setup.exe", List.of(new SearchHit.TextRange(0, 2))));
        assertThat(StreamsSearcher.highlight("a \uE000b\uE001 c \uE000d\uE001")).contains(new SearchHit.Highlight(
                "a b c d", List.of(new SearchHit.TextRange(2, 3), new SearchHit.TextRange(6, 7))));
    }

    @Test
    void aValueThatHeldAMarkOfItsOwnIsLeftWithoutHighlights() {
        assertThat(StreamsSearcher.highlight("\uE000a\uE000b\uE001")).isEmpty();
        assertThat(StreamsSearcher.highlight("\uE001a")).isEmpty();
        assertThat(StreamsSearcher.highlight("nothing marked")).isEmpty();
    }
}
