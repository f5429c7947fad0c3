package io.pvstream.records.restore;

import java.util.List;

import io.pvstream.records.IsoTime;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.RestoreJob;

/**
 * A restore job's progress as REST and WebSocket clients see it: the job's fields, its state and counts, times
 * as ISO-8601 text and as ns since the epoch.
 *
 * @param attempt     1 for the first run; each retry of the failed PVs adds one
 * @param written     PVs whose put completed (VERIFIED or WRITTEN_NOT_VERIFIED)
 * @param verified    of those, PVs whose readback matched
 * @param notVerified written, but the readback did not match in time (makes the job FAILED)
 * @param failed      FAILED, OUT_OF_RANGE, CIRCUIT_OPEN, TIMED_OUT
 * @param skipped     SKIPPED_*, or PLANNED in a dry run
 * @param skippedUnintended of those, skipped against the operator's intent (no saved value, no write access):
 *                    they make the job PARTIAL
 * @param pending     PVs without an outcome yet (in this attempt)
 * @param retried     how many PVs this attempt writes again (0 for the first attempt)
 * @param pvs         the PVs the operator chose (empty = the whole snapshot)
 * @param finished    when the job left RUNNING; null while RUNNING
 */
public record JobView(String jobId, String snapshotId, int attempt, boolean dryRun, String state, int total,
                      int written, int verified, int notVerified, int failed, int skipped, int skippedUnintended,
                      int pending,
                      String author, int retried, String created, long createdNs, String started, long startedNs,
                      String deadline, long deadlineNs, String updated, long updatedNs, String finished,
                      Long finishedNs, List<String> pvs) {

    public static JobView of(JobProgress progress) {
        RestoreJob job = progress.getJob();
        int outcomes = progress.getWritten() + progress.getFailed() + progress.getSkipped();
        Long finishedNs = progress.getFinishedNs();
        return new JobView(job.getJobId(), job.getSnapshotId(), job.getAttempt(), job.getDryRun(),
                progress.getState().name(), progress.getTotal(), progress.getWritten(), progress.getVerified(),
                progress.getWritten() - progress.getVerified(), progress.getFailed(), progress.getSkipped(),
                progress.getSkippedUnintended(), Math.max(0, progress.getTotal() - outcomes), job.getAuthor(),
                job.getRetried() == null ? 0 : job.getRetried().size(),
                IsoTime.format(job.getCreatedNs()), job.getCreatedNs(),
                IsoTime.format(job.getStartedNs()), job.getStartedNs(),
                IsoTime.format(job.getDeadlineNs()), job.getDeadlineNs(),
                IsoTime.format(progress.getUpdatedNs()), progress.getUpdatedNs(),
                finishedNs == null ? null : IsoTime.format(finishedNs), finishedNs, job.getPvs());
    }
}
