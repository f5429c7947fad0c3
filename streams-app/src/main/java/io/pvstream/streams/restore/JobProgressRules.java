package io.pvstream.streams.restore;

import java.util.Optional;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.JobState;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;

/**
 * How a restore job's progress follows its job records and its PVs' results, free of Kafka. Every function
 * returns the progress after one event; a function returns its input unchanged (the same instance) when the
 * event changes nothing, so the caller writes and emits only real changes.
 *
 * <ul>
 *   <li>A result replaces the PV's stored one unless it is of an older attempt ({@link #replaces}); the counts
 *       move by the difference (old category out, new one in), so a redelivered result changes nothing.</li>
 *   <li>A job record of a higher attempt (a retry) starts a new run: RUNNING, its deadline, the counts recounted
 *       from the stored results, with the retried PVs' older results counting nowhere until their new result
 *       arrives ({@link OutcomeCategory#AWAITING_RETRY}). A record of the same or an older attempt is a
 *       redelivery: ignored.</li>
 *   <li>Once every PV has an outcome: FAILED if any failed or a written one was not verified; else PARTIAL if
 *       PVs the job meant to write were skipped (SKIPPED_NO_VALUE, SKIPPED_NO_WRITE_ACCESS); else SUCCEEDED
 *       (read-only skips are by design). A dry run (all PLANNED or skipped) is SUCCEEDED. A RUNNING job whose
 *       deadline passes with PVs still without an outcome is TIMED_OUT ({@link #afterTick}); results that come
 *       late still count, and complete it to SUCCEEDED, PARTIAL or FAILED once they are all in.</li>
 * </ul>
 */
public final class JobProgressRules {

    private JobProgressRules() {
    }

    /** Whether {@code incoming} takes the place of the PV's {@code stored} result (null if none). */
    public static boolean replaces(PvWriteResult stored, PvWriteResult incoming) {
        return stored == null || incoming.getAttempt() >= stored.getAttempt();
    }

    /**
     * A job record arrived.
     *
     * @param current the stored progress, null for a new job
     * @param results every stored result of the job (those that came before the job record included)
     * @return the new progress; empty if the record is a redelivery or of an older attempt
     */
    public static Optional<JobProgress> afterJob(JobProgress current, RestoreJob job, Iterable<PvWriteResult> results,
                                                 long nowNs) {
        if (current != null && job.getAttempt() <= current.getJob().getAttempt()) {
            return Optional.empty();
        }
        JobCounts counts = JobCounts.ZERO;
        for (PvWriteResult result : results) {
            counts = counts.plus(result, job);
        }
        JobProgress running = JobProgress.newBuilder()
                .setJob(job)
                .setState(JobState.RUNNING)
                .setTotal(job.getTotal())
                .setWritten(counts.written())
                .setVerified(counts.verified())
                .setFailed(counts.failed())
                .setSkipped(counts.skipped())
                .setSkippedUnintended(counts.skippedUnintended())
                .setUpdatedNs(nowNs)
                .setFinishedNs(null)
                .build();
        return Optional.of(settle(running, nowNs));
    }

    /**
     * A result replaced the PV's {@code previous} one (null if none); call only when {@link #replaces} said so.
     */
    public static JobProgress afterResult(JobProgress current, PvWriteResult previous, PvWriteResult result,
                                          long nowNs) {
        RestoreJob job = current.getJob();
        JobCounts before = JobCounts.of(current);
        JobCounts after = before.minus(previous, job).plus(result, job);
        if (after.equals(before)) {
            return current;
        }
        JobProgress counted = JobProgress.newBuilder(current)
                .setWritten(after.written())
                .setVerified(after.verified())
                .setFailed(after.failed())
                .setSkipped(after.skipped())
                .setSkippedUnintended(after.skippedUnintended())
                .setUpdatedNs(nowNs)
                .build();
        return settle(counted, nowNs);
    }

    /** Wall-clock time passed: a RUNNING job past its deadline is TIMED_OUT. */
    public static JobProgress afterTick(JobProgress current, long nowNs) {
        if (current.getState() != JobState.RUNNING || nowNs < current.getJob().getDeadlineNs()) {
            return current;
        }
        return withState(current, JobState.TIMED_OUT, nowNs);
    }

    /** Whether every PV of the job has an outcome that counts. */
    public static boolean complete(JobProgress progress) {
        return JobCounts.of(progress).outcomes() >= progress.getTotal();
    }

    /** The state the counts call for: a complete job is decided; an incomplete one keeps its state. */
    private static JobProgress settle(JobProgress progress, long nowNs) {
        if (!complete(progress)) {
            return progress;
        }
        JobCounts counts = JobCounts.of(progress);
        JobState decided;
        if (progress.getJob().getDryRun()) {
            decided = JobState.SUCCEEDED; // a plan: its skips are reported per PV, nothing was meant to be written
        } else if (counts.failed() > 0 || counts.notVerified() > 0) {
            decided = JobState.FAILED;
        } else {
            // An operator who reads SUCCEEDED walks away: PVs left unwritten must not hide behind it (issue 12).
            decided = counts.skippedUnintended() > 0 ? JobState.PARTIAL : JobState.SUCCEEDED;
        }
        return decided == progress.getState() ? progress : withState(progress, decided, nowNs);
    }

    private static JobProgress withState(JobProgress progress, JobState state, long nowNs) {
        return JobProgress.newBuilder(progress)
                .setState(state)
                .setUpdatedNs(nowNs)
                // the moment it left RUNNING; a later change between final states keeps it
                .setFinishedNs(progress.getFinishedNs() != null ? progress.getFinishedNs() : Long.valueOf(nowNs))
                .build();
    }
}
