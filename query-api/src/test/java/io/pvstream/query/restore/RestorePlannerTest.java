package io.pvstream.query.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.WriteOutcome;
import io.pvstream.records.restore.RestorePlanner;

class RestorePlannerTest {

    private static final RestorePlanner.Parameters RUN = new RestorePlanner.Parameters("job-1", 1, false, 5_000,
            2_000_000_000_000_000_000L, 1_000_000_000_000_000_000L);

    @Test
    void writesWhatCanBeWrittenAndDecidesTheRest() {
        List<SnapshotValue> values = List.of(saved("SP1", 1.5, true).withSettings(0.1, null, false),
                saved("RO", 2.0, true).withSettings(null, null, true),
                saved("GONE", 3.0, false),
                SnapshotValues.of("NEVER", null));

        RestorePlanner.Plan plan = RestorePlanner.plan(values, RUN);

        assertThat(plan.total()).isEqualTo(4);
        assertThat(plan.writes()).singleElement().satisfies(write -> {
            assertThat(write.getPvName()).isEqualTo("SP1");
            assertThat(write.getValue()).isEqualTo(1.5);
            assertThat(write.getToleranceAbs()).isEqualTo(0.1);
            assertThat(write.getJobId()).isEqualTo("job-1");
            assertThat(write.getDeadlineNs()).isEqualTo(RUN.deadlineNs());
        });
        assertThat(plan.decided()).extracting(PvWriteResult::getPvName, PvWriteResult::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("RO", WriteOutcome.SKIPPED_READ_ONLY),
                org.assertj.core.groups.Tuple.tuple("GONE", WriteOutcome.SKIPPED_NO_VALUE),
                org.assertj.core.groups.Tuple.tuple("NEVER", WriteOutcome.SKIPPED_NO_VALUE));
    }

    @Test
    void aDryRunWritesNothingAndReportsThePlan() {
        RestorePlanner.Plan plan = RestorePlanner.plan(List.of(saved("SP1", 1.5, true)),
                new RestorePlanner.Parameters("job-2", 1, true, 5_000, 2L, 1L));

        assertThat(plan.writes()).isEmpty();
        assertThat(plan.decided()).extracting(PvWriteResult::getOutcome).containsExactly(WriteOutcome.PLANNED);
        assertThat(plan.decided().get(0).getMessage()).contains("1.5");
    }

    @Test
    void writeCommandsSerialize() {
        PvWrite write = RestorePlanner.plan(List.of(saved("SP1", 1.5, true)), RUN).writes().get(0);
        byte[] bytes = io.pvstream.schemas.serde.Serdes.PV_WRITE.serialize("pv.writes", write);
        assertThat(io.pvstream.schemas.serde.Serdes.PV_WRITE.deserialize("pv.writes", bytes)).isEqualTo(write);
    }

    private static SnapshotValue saved(String pv, double value, boolean connected) {
        PvState state = PvState.newBuilder().setName(pv)
                .setValue(new PvValue(pv, 1L, value, Severity.NO_ALARM, AlarmStatus.NO_ALARM))
                .setConnection(PvConnection.newBuilder().setName(pv).setConnected(connected).setSinceNs(1L).build())
                .build();
        return SnapshotValues.of(pv, state);
    }
}
