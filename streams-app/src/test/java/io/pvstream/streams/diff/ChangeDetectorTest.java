package io.pvstream.streams.diff;

import static io.pvstream.streams.diff.DiffTestRecords.T0_NS;
import static io.pvstream.streams.diff.DiffTestRecords.alarmed;
import static io.pvstream.streams.diff.DiffTestRecords.connection;
import static io.pvstream.streams.diff.DiffTestRecords.doubles;
import static io.pvstream.streams.diff.DiffTestRecords.enumValue;
import static io.pvstream.streams.diff.DiffTestRecords.longs;
import static io.pvstream.streams.diff.DiffTestRecords.state;
import static io.pvstream.streams.diff.DiffTestRecords.strings;
import static io.pvstream.streams.diff.DiffTestRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.Severity;

/** The rules alone: no Kafka, no topology. */
class ChangeDetectorTest {

    private static boolean changed(Object before, Object after, Double deadband) {
        return ChangeDetector.changes(state(before), state(after), deadband).contains(PvChange.VALUE);
    }

    @Test
    void firstStateIsAChangeAndOnlyThat() {
        assertThat(ChangeDetector.changes(null, state(1.0), 5.0)).containsExactly(PvChange.FIRST);
    }

    @Test
    void withoutDeadbandAnyDifferenceCounts() {
        assertThat(changed(1.0, 1.0 + 1e-12, null)).isTrue();
        assertThat(changed(1.0, 1.0, null)).isFalse();
        assertThat(changed(0.0, -0.0, null)).as("+0 and -0 are the same number").isFalse();
    }

    @Test
    void deadbandIsAbsoluteAndExclusive() {
        assertThat(changed(10.0, 10.5, 0.5)).isFalse();
        assertThat(changed(10.0, 10.51, 0.5)).isTrue();
        assertThat(changed(10.0, 9.4, 0.5)).isTrue();
    }

    @Test
    void negativeOrNaNDeadbandMeansAnyDifference() {
        assertThat(changed(1.0, 1.1, -1.0)).isTrue();
        assertThat(changed(1.0, 1.1, Double.NaN)).isTrue();
    }

    @Test
    void nanToNanIsNoChangeButNumberToNanAndBackAre() {
        assertThat(changed(Double.NaN, Double.NaN, null)).isFalse();
        assertThat(changed(1.0, Double.NaN, 100.0)).isTrue();
        assertThat(changed(Double.NaN, 1.0, 100.0)).isTrue();
    }

    @Test
    void infinitiesChangeWhateverTheDeadband() {
        assertThat(changed(1.0, Double.POSITIVE_INFINITY, 1e300)).isTrue();
        assertThat(changed(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, null)).isFalse();
        assertThat(changed(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e300)).isTrue();
    }

    @Test
    void longsUseTheDeadbandWithoutOverflow() {
        assertThat(changed(100L, 102L, 2.0)).isFalse();
        assertThat(changed(100L, 103L, 2.0)).isTrue();
        assertThat(changed(Long.MIN_VALUE, Long.MAX_VALUE, 1e18)).isTrue();
        assertThat(changed(Long.MAX_VALUE - 1, Long.MAX_VALUE, null)).as("beyond double precision").isTrue();
    }

    @Test
    void arraysCompareElementWiseWithTheDeadbandPerElement() {
        assertThat(changed(doubles(1.0, 2.0, 3.0), doubles(1.4, 2.0, 2.6), 0.5)).isFalse();
        assertThat(changed(doubles(1.0, 2.0, 3.0), doubles(1.0, 2.6, 3.0), 0.5)).isTrue();
        assertThat(changed(doubles(1.0, 2.0), doubles(1.0, 2.0, 3.0), 0.5)).as("length").isTrue();
        assertThat(changed(doubles(Double.NaN), doubles(Double.NaN), null)).isFalse();
        assertThat(changed(longs(1L, 2L), longs(1L, 3L), 1.0)).isFalse();
        assertThat(changed(longs(1L, 2L), longs(1L, 4L), 1.0)).isTrue();
        assertThat(changed(strings("a", "b"), strings("a", "b"), null)).isFalse();
        assertThat(changed(strings("a", "b"), strings("a", "c"), 1e9)).isTrue();
    }

    @Test
    void enumsCompareByIndexNotLabel() {
        assertThat(changed(enumValue(1, "ON"), enumValue(1, "On"), null)).isFalse();
        assertThat(changed(enumValue(1, "ON"), enumValue(2, "ON"), 10.0)).as("no deadband for enums").isTrue();
    }

    @Test
    void stringsCompareByEquality() {
        assertThat(changed("idle", "idle", null)).isFalse();
        assertThat(changed("idle", "busy", 1e9)).isTrue();
    }

    @Test
    void aDifferentKindOfValueIsAChange() {
        assertThat(changed(1.0, 1L, 10.0)).isTrue();
        assertThat(changed(1.0, doubles(1.0), 10.0)).isTrue();
        assertThat(changed("1", 1.0, null)).isTrue();
    }

    @Test
    void aValueAppearingOrDisappearingIsAChange() {
        PvDiffState connectedOnly = new PvDiffState(null, connection("SIM:A", true));
        PvDiffState withValue = new PvDiffState(value("SIM:A", 1.0, T0_NS), connection("SIM:A", true));

        assertThat(ChangeDetector.changes(connectedOnly, withValue, null)).containsExactly(PvChange.VALUE);
        assertThat(ChangeDetector.changes(withValue, connectedOnly, null)).containsExactly(PvChange.VALUE);
    }

    @Test
    void aNewTimestampAloneIsNoChange() {
        PvDiffState before = new PvDiffState(value("SIM:A", 1.0, T0_NS), null);
        PvDiffState after = new PvDiffState(value("SIM:A", 1.0, T0_NS + 1_000_000_000L), null);

        assertThat(ChangeDetector.changes(before, after, null)).isEmpty();
    }

    @Test
    void severityAndStatusAreSeparateRules() {
        PvDiffState ok = new PvDiffState(alarmed("SIM:A", 1.0, T0_NS, Severity.NO_ALARM, AlarmStatus.NO_ALARM), null);
        PvDiffState minorHigh = new PvDiffState(alarmed("SIM:A", 1.0, T0_NS, Severity.MINOR, AlarmStatus.HIGH), null);
        PvDiffState minorHihi = new PvDiffState(alarmed("SIM:A", 1.0, T0_NS, Severity.MINOR, AlarmStatus.HIHI), null);

        assertThat(ChangeDetector.changes(ok, minorHigh, null)).containsExactlyInAnyOrder(PvChange.SEVERITY, PvChange.STATUS);
        assertThat(ChangeDetector.changes(minorHigh, minorHihi, null)).containsExactly(PvChange.STATUS);
    }

    @Test
    void connectionRuleLooksAtTheConnectedFlag() {
        PvDiffState up = new PvDiffState(null, connection("SIM:A", true));
        PvDiffState down = new PvDiffState(null, connection("SIM:A", false));
        PvDiffState upElsewhere = new PvDiffState(null, connection("SIM:A", true));
        upElsewhere.getConnection().setServer("10.0.0.1:5064");

        assertThat(ChangeDetector.changes(up, down, null)).containsExactly(PvChange.CONNECTION);
        assertThat(ChangeDetector.changes(down, up, null)).containsExactly(PvChange.CONNECTION);
        assertThat(ChangeDetector.changes(up, upElsewhere, null)).isEmpty();
        assertThat(ChangeDetector.changes(up, new PvDiffState(value("SIM:A", 1.0, T0_NS), null), null))
                .containsExactlyInAnyOrder(PvChange.VALUE, PvChange.CONNECTION);
    }
}
