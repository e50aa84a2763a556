package io.eventsearch.store;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountHintsTest {

    @Test
    void theHintIsTheFirstValueReachedAfterAsManyEvents() {
        CountHints hints = new CountHints();
        // Newest first: 5 events down to 300, 12 down to 280, 16 down to 270.
        hints.remember("newest first", List.of(new long[] {300, 5}, new long[] {280, 12}, new long[] {270, 16}));
        assertThat(hints.reached("newest first", 5)).contains(300L);
        assertThat(hints.reached("newest first", 6)).contains(280L);
        assertThat(hints.reached("newest first", 16)).contains(270L);
        assertThat(hints.reached("newest first", 17)).as("more than were counted").isEmpty();
        assertThat(hints.reached("another query", 1)).isEmpty();
    }

    @Test
    void marksAreKeptWhereTheCountGrewByATenthSoAHintOvershootsByATenthAtMost() {
        CountHints hints = new CountHints();
        java.util.List<long[]> marks = new java.util.ArrayList<>();
        for (long k = 1; k <= 10_000; k++) {
            marks.add(new long[] {-k, k * 1000}); // newest first: value -k after k thousand events
        }
        hints.remember("q", marks);
        for (long reach : new long[] {1, 999, 1000, 1001, 54_321, 999_999, 10_000_000}) {
            long reached = -hints.reached("q", reach).orElseThrow();
            assertThat(reached * 1000).as("events up to the hint for %d", reach)
                    .isGreaterThanOrEqualTo(reach).isLessThanOrEqualTo(Math.max(1000, (long) (reach * 1.1) + 1000));
        }
        assertThat(hints.reached("q", 10_000_001)).isEmpty();
    }

    @Test
    void whatReachesFurtherIsKept() {
        CountHints hints = new CountHints();
        hints.remember("q", List.of(new long[] {10, 100}, new long[] {20, 200}));
        hints.remember("q", List.of(new long[] {10, 100}));
        assertThat(hints.reached("q", 150)).as("a shorter count does not replace a longer one").contains(20L);
        hints.remember("q", List.of(new long[] {10, 100}, new long[] {20, 200}, new long[] {30, 300}));
        assertThat(hints.reached("q", 250)).contains(30L);
    }

    @Test
    void onlyTheMostRecentlyUsedQueriesAreKept() {
        CountHints hints = new CountHints();
        for (int query = 0; query < 300; query++) {
            hints.remember(query, List.<long[]>of(new long[] {7, 1}));
            assertThat(hints.reached(0, 1)).as("the first query, used each time").contains(7L);
        }
        assertThat(hints.reached(1, 1)).as("the second, not used since").isEmpty();
        assertThat(hints.reached(299, 1)).contains(7L);
    }

    @Test
    void marksLieAtMostTheSpacingApartWhereTheCountedBucketsAreThatFine() {
        CountHints hints = new CountHints();
        java.util.List<long[]> marks = new java.util.ArrayList<>();
        for (long k = 1; k <= 10_000; k++) {
            marks.add(new long[] {k, k * 1000}); // ascending: value k after k thousand events
        }
        marks.add(new long[] {20_000, 10_000_000 + 3 * CountHints.SPACING}); // one bucket wider than the spacing
        hints.remember("q", marks);
        for (long offset = 1000; offset < 10_000_000; offset += 7919) {
            CountHints.Mark before = hints.atMost("q", offset).orElseThrow();
            assertThat(before.count()).as("the mark before offset %d", offset).isLessThanOrEqualTo(offset)
                    .isGreaterThan(offset - CountHints.SPACING);
            assertThat(before.value() * 1000).isEqualTo(before.count());
        }
        assertThat(hints.atMost("q", 999)).as("before the first mark").isEmpty();
        assertThat(hints.atMost("q", 10_000_000 + 2 * CountHints.SPACING)).as("inside the wide bucket")
                .contains(new CountHints.Mark(10_000, 10_000_000));
        assertThat(hints.reaching("q", 10_000_001)).contains(new CountHints.Mark(20_000, 10_000_000 + 3 * CountHints.SPACING));
    }

    @Test
    void aCorrectionMovesTheMarkAndAllAfterItAndAForgottenQueryHasNoMarks() {
        CountHints hints = new CountHints();
        hints.remember("q", List.of(new long[] {10, 100}, new long[] {20, 200}, new long[] {30, 300}));
        hints.correct("q", new CountHints.Mark(20, 200), 230); // 30 events arrived before value 20
        assertThat(hints.atMost("q", 150)).contains(new CountHints.Mark(10, 100));
        assertThat(hints.atMost("q", 229)).contains(new CountHints.Mark(10, 100));
        assertThat(hints.atMost("q", 230)).contains(new CountHints.Mark(20, 230));
        assertThat(hints.reaching("q", 301)).contains(new CountHints.Mark(30, 330));
        hints.correct("q", new CountHints.Mark(20, 200), 180); // a mark no longer remembered as it was: no change
        assertThat(hints.reaching("q", 201)).contains(new CountHints.Mark(20, 230));
        hints.forget("q");
        assertThat(hints.atMost("q", 1000)).isEmpty();
        assertThat(hints.reached("q", 1)).isEmpty();
    }

    @Test
    void marksFoundWherePagesStartAndEndGoBetweenTheRememberedOnesInOrder() {
        CountHints hints = new CountHints();
        hints.remember("up", List.of(new long[] {10, 100}, new long[] {20, 200}));
        hints.add("up", new CountHints.Mark(15, 150), false);
        hints.add("up", new CountHints.Mark(9, 160), false); // a value out of order with the counts: not kept
        hints.add("up", new CountHints.Mark(16, 150), false); // a count already marked: not kept
        assertThat(hints.atMost("up", 199)).contains(new CountHints.Mark(15, 150));
        assertThat(hints.reaching("up", 101)).contains(new CountHints.Mark(15, 150));
        assertThat(hints.atMost("up", 149)).contains(new CountHints.Mark(10, 100));

        hints.remember("down", List.of(new long[] {300, 5}, new long[] {280, 12}));
        hints.add("down", new CountHints.Mark(290, 8), true);
        hints.add("down", new CountHints.Mark(295, 10), true); // newest first, values fall as counts grow
        assertThat(hints.atMost("down", 11)).contains(new CountHints.Mark(290, 8));
        hints.add("another query", new CountHints.Mark(1, 1), false);
        assertThat(hints.atMost("another query", 1)).as("nothing counted of it: nothing to add to").isEmpty();
    }
}
