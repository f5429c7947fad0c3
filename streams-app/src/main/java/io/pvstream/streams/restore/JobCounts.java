package io.pvstream.streams.restore;

import io.pvstream.schemas.avro.JobProgress;

/**
 * The counters of a job's progress. {@code written} includes {@code verified} and the not-verified ones.
 *
 * @param written  VERIFIED + WRITTEN_NOT_VERIFIED
 * @param verified VERIFIED
 * @param failed   FAILED, OUT_OF_RANGE, CIRCUIT_OPEN, TIMED_OUT
 * @param skipped  SKIPPED_*, PLANNED
 */
record JobCounts(int written, int verified, int failed, int skipped) {

    static final JobCounts ZERO = new JobCounts(0, 0, 0, 0);

    static JobCounts of(JobProgress progress) {
        return new JobCounts(progress.getWritten(), progress.getVerified(), progress.getFailed(), progress.getSkipped());
    }

    JobCounts plus(OutcomeCategory category) {
        return add(category, 1);
    }

    JobCounts minus(OutcomeCategory category) {
        return add(category, -1);
    }

    /** PVs with an outcome that counts. */
    int outcomes() {
        return written + failed + skipped;
    }

    int notVerified() {
        return written - verified;
    }

    private JobCounts add(OutcomeCategory category, int delta) {
        if (category == null) {
            return this;
        }
        return switch (category) {
            case VERIFIED -> new JobCounts(written + delta, verified + delta, failed, skipped);
            case NOT_VERIFIED -> new JobCounts(written + delta, verified, failed, skipped);
            case FAILED -> new JobCounts(written, verified, failed + delta, skipped);
            case SKIPPED -> new JobCounts(written, verified, failed, skipped + delta);
            case AWAITING_RETRY -> this;
        };
    }
}
