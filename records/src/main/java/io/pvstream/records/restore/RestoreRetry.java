package io.pvstream.records.restore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.pvstream.records.DomainException.Invalid;
import io.pvstream.records.DomainException.Conflict;
import io.pvstream.records.restore.JobView;
import io.pvstream.records.restore.PvResultView;
import io.pvstream.records.snapshots.SnapshotValue;

/**
 * Which PVs a retry of a finished job writes again: those whose last outcome failed or was not verified, and those
 * that never got an outcome (a job that timed out). Everything that succeeded or was skipped stays as it is. Pure.
 */
public final class RestoreRetry {

    private RestoreRetry() {
    }

    /**
     * @param job     the job as it stands; must have finished and not be a dry run
     * @param chosen  the PVs the job covered (its {@code pvs}, or the whole snapshot)
     * @param results the latest result of every PV that has one
     * @return the saved PVs to write again, in {@code chosen} order; 409 if there are none
     */
    public static List<SnapshotValue> toRetry(JobView job, List<SnapshotValue> chosen, List<PvResultView> results) {
        if (job.state().equals("RUNNING")) {
            throw new Conflict("job " + job.jobId() + " is still running; retry it once it ends");
        }
        if (job.dryRun()) {
            throw new Invalid("job " + job.jobId() + " is a dry run: start a real restore instead");
        }
        Set<String> settled = new HashSet<>();
        Set<String> again = new HashSet<>();
        for (PvResultView result : results) {
            (result.needsRetry() ? again : settled).add(result.pvName());
        }
        List<SnapshotValue> retry = new ArrayList<>();
        for (SnapshotValue value : chosen) {
            if (again.contains(value.pv()) || !settled.contains(value.pv())) {
                retry.add(value);
            }
        }
        if (retry.isEmpty()) {
            throw new Conflict("job " + job.jobId() + " has no failed PV to retry");
        }
        return retry;
    }
}
