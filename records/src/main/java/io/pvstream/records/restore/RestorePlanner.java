package io.pvstream.records.restore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.pvstream.records.snapshots.SavedState;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.WriteOutcome;

/**
 * Decides what a restore does with each saved PV. Pure. Read-only PVs are skipped, and so are PVs whose saved value
 * cannot be trusted (disconnected or never seen when the snapshot was taken); a dry run reports every PV it would
 * write as {@code PLANNED} and writes nothing. Everything else becomes a write command for the owning ingest.
 */
public final class RestorePlanner {

    /**
     * What a job (attempt) does.
     *
     * @param writes  commands for {@code pv.writes}
     * @param decided outcomes the planner decided itself, for {@code pv.write.results}
     */
    public record Plan(List<PvWrite> writes, List<PvWriteResult> decided) {

        public int total() {
            return writes.size() + decided.size();
        }
    }

    /** Job-wide parameters of the commands. */
    public record Parameters(String jobId, int attempt, boolean dryRun, long verifyTimeoutMs, long deadlineNs,
                             long requestedNs) {
    }

    private RestorePlanner() {
    }

    /** @param values the saved PVs to restore (already narrowed to the requested subset) */
    public static Plan plan(Collection<SnapshotValue> values, Parameters p) {
        List<PvWrite> writes = new ArrayList<>();
        List<PvWriteResult> decided = new ArrayList<>();
        for (SnapshotValue value : values) {
            if (value.readOnly()) {
                decided.add(result(p, value.pv(), WriteOutcome.SKIPPED_READ_ONLY, "read-only in the configuration"));
            } else if (!value.hasValue() || value.state() != SavedState.OK) {
                decided.add(result(p, value.pv(), WriteOutcome.SKIPPED_NO_VALUE, value.state() == SavedState.DISCONNECTED
                        ? "saved while disconnected: its value may be stale" : "no value was saved (never seen)"));
            } else if (p.dryRun()) {
                decided.add(result(p, value.pv(), WriteOutcome.PLANNED, "dry run: would write "
                        + SnapshotValues.avroValue(value)));
            } else {
                writes.add(PvWrite.newBuilder()
                        .setJobId(p.jobId())
                        .setAttempt(p.attempt())
                        .setPvName(value.pv())
                        .setValue(SnapshotValues.avroValue(value))
                        .setToleranceAbs(value.toleranceAbs())
                        .setToleranceRel(value.toleranceRel())
                        .setReadbackPv(null) // ingest falls back to the PV itself (or its pv.config readback)
                        .setVerifyTimeoutMs(p.verifyTimeoutMs())
                        .setDeadlineNs(p.deadlineNs())
                        .setRequestedNs(p.requestedNs())
                        .build());
            }
        }
        return new Plan(writes, decided);
    }

    private static PvWriteResult result(Parameters p, String pv, WriteOutcome outcome, String message) {
        return PvWriteResult.newBuilder()
                .setJobId(p.jobId())
                .setAttempt(p.attempt())
                .setPvName(pv)
                .setOutcome(outcome)
                .setMessage(message)
                .setCompletedNs(p.requestedNs())
                .build();
    }
}
