package io.pvstream.streams.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;

class ArchiveRulesTest {

    static final long T0 = 1_700_000_000_000_000_000L;

    static PvValue value(double v, long t, Severity severity) {
        return PvValue.newBuilder().setName("A").setTimestampNs(t).setValue(v).setSeverity(severity)
                .setStatus(severity == Severity.NO_ALARM ? AlarmStatus.NO_ALARM : AlarmStatus.HIHI).build();
    }

    static PvConnection connection(boolean connected, long since) {
        return PvConnection.newBuilder().setName("A").setConnected(connected).setSinceNs(since).build();
    }

    static PvDiffState state(Double v, boolean connected) {
        return new PvDiffState(v == null ? null : value(v, T0 + 5, Severity.NO_ALARM), connection(connected, T0 + 9));
    }

    static PvConfig config(Double deadband, Double archiveDeadband, MonitorEvent... mask) {
        PvConfig.Builder builder = PvConfig.newBuilder().setName("A").setDeadband(deadband)
                .setArchiveDeadband(archiveDeadband);
        if (mask.length > 0) {
            builder.setMonitorMask(List.of(mask));
        }
        return builder.build();
    }

    @Test
    void theFirstValueIsArchived() {
        assertThat(ArchiveRules.changes(null, state(1.0, true), null)).containsExactly(PvChange.FIRST);
    }

    @Test
    void theArchiveDeadbandComparesWithTheLastArchivedValueSoDriftsAddUp() {
        PvConfig config = config(0.1, 1.0);
        assertThat(ArchiveRules.changes(state(1.0, true), state(1.5, true), config)).isEmpty();
        assertThat(ArchiveRules.changes(state(1.0, true), state(2.01, true), config)).containsExactly(PvChange.VALUE);
    }

    @Test
    void withoutAnArchiveDeadbandTheDeadbandCountsAndWithoutEitherAnyChange() {
        assertThat(ArchiveRules.changes(state(1.0, true), state(1.05, true), config(0.1, null))).isEmpty();
        assertThat(ArchiveRules.changes(state(1.0, true), state(1.05, true), config(null, null)))
                .containsExactly(PvChange.VALUE);
        assertThat(ArchiveRules.changes(state(1.0, true), state(1.05, true), null)).containsExactly(PvChange.VALUE);
    }

    @Test
    void alarmAndConnectionChangesAreArchivedWhateverTheDeadband() {
        PvConfig wide = config(null, 100.0);
        PvDiffState alarmed = new PvDiffState(value(1.0, T0 + 7, Severity.MAJOR), connection(true, T0));
        assertThat(ArchiveRules.changes(state(1.0, true), alarmed, wide))
                .containsExactlyInAnyOrder(PvChange.SEVERITY, PvChange.STATUS);
        assertThat(ArchiveRules.changes(state(1.0, true), state(1.0, false), wide))
                .containsExactly(PvChange.CONNECTION);
    }

    @Test
    void anAlarmOnlyMaskKeepsValueChangesOutButNotAlarms() {
        PvConfig alarmsOnly = config(null, null, MonitorEvent.ALARM);
        assertThat(ArchiveRules.changes(state(1.0, true), state(5.0, true), alarmsOnly)).isEmpty();
        PvDiffState alarmed = new PvDiffState(value(5.0, T0 + 7, Severity.MAJOR), connection(true, T0));
        assertThat(ArchiveRules.changes(state(1.0, true), alarmed, alarmsOnly))
                .containsExactlyInAnyOrder(PvChange.SEVERITY, PvChange.STATUS);
        assertThat(ArchiveRules.changes(state(1.0, true), state(5.0, true), config(null, null, MonitorEvent.ARCHIVE)))
                .containsExactly(PvChange.VALUE);
    }

    @Test
    void aConnectedPvWithoutAValueIsNotArchivedButADisconnectedOneIs() {
        assertThat(ArchiveRules.changes(null, state(null, true), null)).isEmpty();
        assertThat(ArchiveRules.changes(null, state(null, false), null)).containsExactly(PvChange.FIRST);
    }

    @Test
    void connectionSamplesTakeTheIngestTimeAndValueSamplesTheIocTime() {
        assertThat(ArchiveRules.sampleTimeNs(state(1.0, true), java.util.Set.of(PvChange.VALUE))).isEqualTo(T0 + 5);
        assertThat(ArchiveRules.sampleTimeNs(state(1.0, true), java.util.Set.of(PvChange.CONNECTION)))
                .isEqualTo(T0 + 9);
        assertThat(ArchiveRules.sampleTimeNs(state(1.0, false), java.util.Set.of(PvChange.FIRST))).isEqualTo(T0 + 9);
        assertThat(ArchiveRules.sampleTimeNs(new PvDiffState(value(1.0, T0 + 5, Severity.NO_ALARM), null),
                java.util.Set.of(PvChange.FIRST))).isEqualTo(T0 + 5);
    }
}
