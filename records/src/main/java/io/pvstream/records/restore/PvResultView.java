package io.pvstream.records.restore;

import io.pvstream.records.IsoTime;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.streams.restore.OutcomeCategory;

/**
 * One PV's latest result in a restore job, as REST clients see it.
 *
 * @param category how it counts ({@link OutcomeCategory}): FAILED, NOT_VERIFIED, AWAITING_RETRY (an earlier
 *                 attempt's result of a PV the current attempt writes again), SKIPPED, VERIFIED
 * @param outcome  the {@code WriteOutcome} as reported
 * @param instance the ingest instance that wrote it; null when the planner decided it
 */
public record PvResultView(String pvName, String category, String outcome, int attempt, String message, String ioc,
                           String readback, int tries, String instance, String completed, long completedNs) {

    public static PvResultView of(PvWriteResult result, RestoreJob job) {
        return new PvResultView(result.getPvName(), OutcomeCategory.of(result, job).name(),
                result.getOutcome().name(), result.getAttempt(), result.getMessage(), result.getIoc(),
                result.getReadback(), result.getTries(), result.getInstance(),
                IsoTime.format(result.getCompletedNs()), result.getCompletedNs());
    }

    /** Whether it counts as failed or not verified: what a retry of the job's failed PVs writes again. */
    public boolean needsRetry() {
        return category.equals(OutcomeCategory.FAILED.name()) || category.equals(OutcomeCategory.NOT_VERIFIED.name());
    }
}
