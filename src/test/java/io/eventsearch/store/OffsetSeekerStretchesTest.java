package io.eventsearch.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How a query of many events is counted outward from where its pages start: the first stretch, then one as long as
 * the density counted so far says the wanted events take, never shorter than all counted before it, never past the
 * range.
 */
class OffsetSeekerStretchesTest {

    /** Values 0 to 63,999: the first stretch is 1,000 long. */
    private static final OffsetSeeker.Range RANGE = new OffsetSeeker.Range(0, 63_999, true);

    @Test
    void theFirstStretchIsA64thOfTheRangeFromWherePagesStart() {
        assertThat(RANGE.firstStretch(false)).isEqualTo(new OffsetSeeker.Window(0, 1_000));
        assertThat(RANGE.firstStretch(true)).isEqualTo(new OffsetSeeker.Window(63_000, 64_000));
        assertThat(new OffsetSeeker.Range(5, 5, true).firstStretch(false)).isEqualTo(new OffsetSeeker.Window(5, 6));
    }

    @Test
    void evenlySpreadEventsAreReachedInOneMoreStretchWithHalfAgainAsMargin() {
        // 100 events in the first 1,000 values: 2,000 wanted lie about 19,000 values further; 28,500 with margin.
        assertThat(RANGE.nextStretch(new OffsetSeeker.Window(0, 1_000), 100, 2_000, false))
                .isEqualTo(new OffsetSeeker.Window(1_000, 29_500));
        assertThat(RANGE.nextStretch(new OffsetSeeker.Window(63_000, 64_000), 100, 2_000, true))
                .isEqualTo(new OffsetSeeker.Window(34_500, 63_000));
    }

    @Test
    void aStretchIsAtLeastAsLongAsAllBeforeItAndAtMostTheRest() {
        // Dense: the estimate (150 values) is shorter than what was counted, so the stretch doubles what was.
        assertThat(RANGE.nextStretch(new OffsetSeeker.Window(0, 1_000), 1_000, 1_100, false))
                .isEqualTo(new OffsetSeeker.Window(1_000, 2_000));
        // Nothing counted yet says nothing of the density: doubling.
        assertThat(RANGE.nextStretch(new OffsetSeeker.Window(0, 4_000), 0, 5_000, false))
                .isEqualTo(new OffsetSeeker.Window(4_000, 8_000));
        // Sparse: the estimate reaches past the range, which ends the stretch.
        assertThat(RANGE.nextStretch(new OffsetSeeker.Window(0, 1_000), 10, 1_000_000, false))
                .isEqualTo(new OffsetSeeker.Window(1_000, 64_000));
        assertThat(RANGE.nextStretch(new OffsetSeeker.Window(60_000, 64_000), 10, 1_000_000, false)).isNull();
        assertThat(RANGE.nextStretch(new OffsetSeeker.Window(0, 64_000), 10, 1_000_000, true)).isNull();
    }
}
