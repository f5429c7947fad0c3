package io.pvstream.streams.lag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ages from end-offset samples alone. */
class OffsetHistoryTest {

    private final OffsetHistory history = new OffsetHistory(8);

    @Test
    void caughtUpIsZeroAndNothingSampledIsZero() {
        assertThat(history.ageMs(0, 1_000)).isZero();
        history.record(1_000, 100);
        assertThat(history.ageMs(100, 1_500)).isZero();
        assertThat(history.ageMs(120, 1_500)).as("past the sampled end: processed what we know of").isZero();
    }

    @Test
    void aPositionBetweenTwoSamplesIsInterpolated() {
        history.record(1_000, 100);
        history.record(1_500, 200);
        history.record(2_000, 300);

        assertThat(history.ageMs(150, 2_000)).as("the 51st of 100 records from 1000 to 1500").isEqualTo(745);
        assertThat(history.ageMs(290, 2_000)).isEqualTo(45);
    }

    @Test
    void aStalledPositionAgesWithTheClock() {
        OffsetHistory history = new OffsetHistory(16);
        history.record(1_000, 100);
        history.record(1_500, 101); // one record came after 1000
        for (long t = 2_000; t <= 5_000; t += 500) {
            history.record(t, 101 + (t - 1_500) / 5);
        }
        assertThat(history.ageMs(100, 5_000)).isEqualTo(3_500);
        assertThat(history.ageMs(100, 6_000)).isEqualTo(4_500);
    }

    @Test
    void aBacklogOlderThanTheFirstSampleIsAtLeastItsAge() {
        history.record(10_000, 5_000);
        history.record(10_500, 5_001);

        assertThat(history.ageMs(10, 12_000)).as("a lower bound: since the first sample").isEqualTo(2_000);
    }

    @Test
    void beyondItsCapacityTheHistoryThinsButKeepsItsSpan() {
        for (int i = 0; i < 20; i++) {
            history.record(1_000 + i * 100L, i * 10L);
        }
        assertThat(history.size()).isLessThanOrEqualTo(8);
        assertThat(history.ageMs(0, 3_000)).as("the first sample is kept: the 1st record after it").isEqualTo(1_990);
    }

    @Test
    void anUnchangedEndAddsNothingAndAShrunkenOneStartsAfresh() {
        history.record(1_000, 100);
        history.record(1_500, 100);
        assertThat(history.size()).isEqualTo(1);

        history.record(2_000, 10); // recreated topic
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.ageMs(5, 2_500)).isEqualTo(500);
    }
}
