package io.eventsearch.store;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountHintsTest {

    @Test
    void theHintIsTheFarEdgeOfTheBucketThatHeldTheReach() {
        CountHints hints = new CountHints();
        // Newest first: buckets [300, 310), [290, 300), [280, 290) holding 5, 0 (left out), 7 and 4 events.
        hints.remember("newest first", List.of(new long[] {300, 5}, new long[] {280, 7}, new long[] {270, 4}), 10);
        assertThat(hints.reached("newest first", 5, true)).contains(300L);
        assertThat(hints.reached("newest first", 6, true)).contains(280L);
        assertThat(hints.reached("newest first", 16, true)).contains(270L);
        assertThat(hints.reached("newest first", 17, true)).as("more than were counted").isEmpty();
        // Oldest first, the far edge is the bucket's end.
        hints.remember("oldest first", List.of(new long[] {270, 4}, new long[] {280, 7}), 10);
        assertThat(hints.reached("oldest first", 4, false)).contains(280L);
        assertThat(hints.reached("oldest first", 5, false)).contains(290L);
        assertThat(hints.reached("another query", 1, false)).isEmpty();
    }

    @Test
    void onlyTheMostRecentlyUsedQueriesAreKept() {
        CountHints hints = new CountHints();
        for (int query = 0; query < 300; query++) {
            hints.remember(query, List.<long[]>of(new long[] {0, 1}), 1);
            assertThat(hints.reached(0, 1, false)).as("the first query, used each time").contains(1L);
        }
        assertThat(hints.reached(1, 1, false)).as("the second, not used since").isEmpty();
        assertThat(hints.reached(299, 1, false)).contains(1L);
    }
}
