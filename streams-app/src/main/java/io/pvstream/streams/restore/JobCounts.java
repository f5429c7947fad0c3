package io.pvstream.streams.restore;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;

/**
 * The counters of a job's progress. {@code written} includes {@code verified} and the not-verified ones;
 * {@code skipped} includes {@code skippedUnintended}.
 *
 * @param written           VERIFIED + WRITTEN_NOT_VERIFIED
 * @param verified          VERIFIED
 * @param failed            FAILED, OUT_OF_RANGE, CIRCUIT_OPEN, TIMED_OUT
 * @param skipped           SKIPPED_*, PLANNED
 * @param skippedUnintended SKIPPED_NO_VALUE, SKIPPED_NO_WRITE_ACCESS: PVs the job meant to write and did not
 */
record JobCounts(int written, int verified, int failed, int skipped, int skippedUnintended) {

    static final JobCounts ZERO = new JobCounts(0, 0, 0, 0, 0);

    static JobCounts of(JobProgress progress) {
        return new JobCounts(progress.getWritten(), progress.getVerified(), progress.getFailed(), progress.getSkipped(),
                progress.getSkippedUnintended());
    }

    /** Counts {@code result} as it counts under {@code job}; null counts nowhere. */
    JobCounts plus(PvWriteResult result, RestoreJob job) {
        return add(result, job, 1);
    }

    JobCounts minus(PvWriteResult result, RestoreJob job) {
        return add(result, job, -1);
    }

    /** PVs with an outcome that counts. */
    int outcomes() {
        return written + failed + skipped;
    }

    int notVerified() {
        return written - verified;
    }

    private JobCounts add(PvWriteResult result, RestoreJob job, int delta) {
        if (result == null) {
            return this;
        }
        OutcomeCategory category = OutcomeCategory.of(result, job);
        return switch (category) {
            case VERIFIED -> new JobCounts(written + delta, verified + delta, failed, skipped, skippedUnintended);
            case NOT_VERIFIED -> new JobCounts(written + delta, verified, failed, skipped, skippedUnintended);
            case FAILED -> new JobCounts(written, verified, failed + delta, skipped, skippedUnintended);
            case SKIPPED -> new JobCounts(written, verified, failed, skipped + delta,
                    skippedUnintended + (OutcomeCategory.unintendedSkip(result.getOutcome()) ? delta : 0));
            case AWAITING_RETRY -> this;
        };
    }
}
