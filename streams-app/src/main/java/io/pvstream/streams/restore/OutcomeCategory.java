package io.pvstream.streams.restore;

import java.util.List;

import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.avro.WriteOutcome;

/**
 * How one PV's latest result counts in its job's progress, as {@code WriteOutcome}'s doc defines it. The order is
 * the order operators want to read results in: what needs a look first.
 */
public enum OutcomeCategory {
    /** FAILED, OUT_OF_RANGE, CIRCUIT_OPEN, TIMED_OUT: not written. */
    FAILED,
    /** WRITTEN_NOT_VERIFIED: written, but the readback did not match in time; makes the job FAILED. */
    NOT_VERIFIED,
    /** A result of an earlier attempt of a PV the current attempt writes again: it counts nowhere until the new one. */
    AWAITING_RETRY,
    /** SKIPPED_*, and PLANNED in a dry run. */
    SKIPPED,
    /** VERIFIED: written and read back. */
    VERIFIED;

    public static OutcomeCategory of(WriteOutcome outcome) {
        return switch (outcome) {
            case VERIFIED -> VERIFIED;
            case WRITTEN_NOT_VERIFIED -> NOT_VERIFIED;
            case FAILED, OUT_OF_RANGE, CIRCUIT_OPEN, TIMED_OUT -> FAILED;
            case SKIPPED_READ_ONLY, SKIPPED_NO_WRITE_ACCESS, SKIPPED_NO_VALUE, PLANNED -> SKIPPED;
        };
    }

    /**
     * Whether {@code outcome} is a skip the job did not mean: the PV was to be written, but the snapshot holds no
     * value for it or Channel Access denies the write. A read-only skip is by design; PLANNED is a dry run.
     */
    public static boolean unintendedSkip(WriteOutcome outcome) {
        return outcome == WriteOutcome.SKIPPED_NO_VALUE || outcome == WriteOutcome.SKIPPED_NO_WRITE_ACCESS;
    }

    /**
     * The category of {@code result} under {@code job} (null while the job record has not arrived): a result of an
     * older attempt for a PV that {@code job} retries is {@link #AWAITING_RETRY}.
     */
    public static OutcomeCategory of(PvWriteResult result, RestoreJob job) {
        if (job != null && result.getAttempt() < job.getAttempt() && retries(job, result.getPvName())) {
            return AWAITING_RETRY;
        }
        return of(result.getOutcome());
    }

    private static boolean retries(RestoreJob job, String pvName) {
        List<String> retried = job.getRetried();
        return retried != null && retried.contains(pvName);
    }
}
