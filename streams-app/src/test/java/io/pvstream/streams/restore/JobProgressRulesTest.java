package io.pvstream.streams.restore;

import static io.pvstream.streams.restore.RestoreTestRecords.MINUTE_NS;
import static io.pvstream.streams.restore.RestoreTestRecords.T0_NS;
import static io.pvstream.streams.restore.RestoreTestRecords.dryRun;
import static io.pvstream.streams.restore.RestoreTestRecords.job;
import static io.pvstream.streams.restore.RestoreTestRecords.result;
import static io.pvstream.streams.restore.RestoreTestRecords.retry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.JobState;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.avro.WriteOutcome;

/** The progress rules alone: a tiny in-memory "processor" applies them as the real one does. */
class JobProgressRulesTest {

    private final Map<String, PvWriteResult> stored = new HashMap<>();
    private JobProgress progress;
    private long now = T0_NS;

    private void onJob(RestoreJob job) {
        JobProgressRules.afterJob(progress, job, new ArrayList<>(stored.values()), ++now)
                .ifPresent(p -> progress = p);
    }

    private void onResult(PvWriteResult result) {
        PvWriteResult previous = stored.get(result.getPvName());
        if (!JobProgressRules.replaces(previous, result)) {
            return;
        }
        stored.put(result.getPvName(), result);
        if (progress != null) {
            progress = JobProgressRules.afterResult(progress, previous, result, ++now);
        }
    }

    private void assertCounts(int written, int verified, int failed, int skipped) {
        assertThat(List.of(progress.getWritten(), progress.getVerified(), progress.getFailed(), progress.getSkipped()))
                .as("written, verified, failed, skipped").containsExactly(written, verified, failed, skipped);
    }

    @Test
    void everyOutcomeCountsAsWriteOutcomesDocSays() {
        assertThat(OutcomeCategory.of(WriteOutcome.VERIFIED)).isEqualTo(OutcomeCategory.VERIFIED);
        assertThat(OutcomeCategory.of(WriteOutcome.WRITTEN_NOT_VERIFIED)).isEqualTo(OutcomeCategory.NOT_VERIFIED);
        for (WriteOutcome failed : List.of(WriteOutcome.FAILED, WriteOutcome.OUT_OF_RANGE, WriteOutcome.CIRCUIT_OPEN,
                WriteOutcome.TIMED_OUT)) {
            assertThat(OutcomeCategory.of(failed)).as(failed.name()).isEqualTo(OutcomeCategory.FAILED);
        }
        for (WriteOutcome skipped : List.of(WriteOutcome.SKIPPED_READ_ONLY, WriteOutcome.SKIPPED_NO_WRITE_ACCESS,
                WriteOutcome.SKIPPED_NO_VALUE, WriteOutcome.PLANNED)) {
            assertThat(OutcomeCategory.of(skipped)).as(skipped.name()).isEqualTo(OutcomeCategory.SKIPPED);
        }
    }

    @Test
    void aJobIsRunningUntilEveryPvHasAnOutcomeThenSucceeds() {
        onJob(job("j", 3));
        assertThat(progress.getState()).isEqualTo(JobState.RUNNING);
        assertThat(progress.getTotal()).isEqualTo(3);

        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        onResult(result("j", 1, "B", WriteOutcome.SKIPPED_READ_ONLY));
        assertThat(progress.getState()).isEqualTo(JobState.RUNNING);
        assertThat(progress.getFinishedNs()).isNull();

        onResult(result("j", 1, "C", WriteOutcome.VERIFIED));
        assertThat(progress.getState()).isEqualTo(JobState.SUCCEEDED);
        assertCounts(2, 2, 0, 1);
        assertThat(progress.getFinishedNs()).isEqualTo(progress.getUpdatedNs());
    }

    @Test
    void oneFailureMakesTheFinishedJobFailed() {
        onJob(job("j", 2));
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        onResult(result("j", 1, "B", WriteOutcome.CIRCUIT_OPEN));

        assertThat(progress.getState()).isEqualTo(JobState.FAILED);
        assertCounts(1, 1, 1, 0);
    }

    @Test
    void writtenButNotVerifiedMakesTheJobFailed() {
        onJob(job("j", 2));
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        onResult(result("j", 1, "B", WriteOutcome.WRITTEN_NOT_VERIFIED));

        assertThat(progress.getState()).isEqualTo(JobState.FAILED);
        assertCounts(2, 1, 0, 0);
    }

    @Test
    void resultsBeforeTheJobAreCountedWhenItArrives() {
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        onResult(result("j", 1, "B", WriteOutcome.FAILED));
        assertThat(progress).isNull();

        onJob(job("j", 3));
        assertCounts(1, 1, 1, 0);
        assertThat(progress.getState()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aRedeliveredResultChangesNothing() {
        onJob(job("j", 3));
        onResult(result("j", 1, "A", WriteOutcome.FAILED));
        JobProgress before = progress;

        PvWriteResult again = result("j", 1, "A", WriteOutcome.FAILED);
        JobProgress after = JobProgressRules.afterResult(before, stored.get("A"), again, now + 1);

        assertThat(after).isSameAs(before);
    }

    @Test
    void aResultOfAnOlderAttemptNeverReplacesANewerOne() {
        PvWriteResult newer = result("j", 2, "A", WriteOutcome.VERIFIED);
        assertThat(JobProgressRules.replaces(newer, result("j", 1, "A", WriteOutcome.FAILED))).isFalse();
        assertThat(JobProgressRules.replaces(newer, result("j", 2, "A", WriteOutcome.FAILED))).isTrue();
        assertThat(JobProgressRules.replaces(null, result("j", 1, "A", WriteOutcome.FAILED))).isTrue();
    }

    @Test
    void aRetryRunsAgainAndItsPvsStopCountingAsFailedUntilTheirNewResult() {
        RestoreJob first = job("j", 3);
        onJob(first);
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        onResult(result("j", 1, "B", WriteOutcome.FAILED));
        onResult(result("j", 1, "C", WriteOutcome.TIMED_OUT));
        assertThat(progress.getState()).isEqualTo(JobState.FAILED);

        RestoreJob second = retry(first, T0_NS + 20 * MINUTE_NS, "B", "C");
        onJob(second);
        assertThat(progress.getState()).isEqualTo(JobState.RUNNING);
        assertThat(progress.getJob().getDeadlineNs()).isEqualTo(second.getDeadlineNs());
        assertThat(progress.getFinishedNs()).isNull();
        assertCounts(1, 1, 0, 0);

        onResult(result("j", 1, "B", WriteOutcome.FAILED)); // a late copy of the old result: still waiting
        assertCounts(1, 1, 0, 0);
        onResult(result("j", 2, "B", WriteOutcome.VERIFIED));
        onResult(result("j", 2, "C", WriteOutcome.VERIFIED));
        assertThat(progress.getState()).isEqualTo(JobState.SUCCEEDED);
        assertCounts(3, 3, 0, 0);
    }

    @Test
    void theSameOrAnOlderJobRecordIsIgnored() {
        RestoreJob first = job("j", 2);
        onJob(retry(first, T0_NS + MINUTE_NS, "A"));
        JobProgress second = progress;

        assertThat(JobProgressRules.afterJob(second, first, List.of(), now)).isEmpty();
        assertThat(JobProgressRules.afterJob(second, second.getJob(), List.of(), now)).isEmpty();
    }

    @Test
    void theDeadlineTimesOutARunningJobOnly() {
        onJob(job("j", 2));
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        long deadline = progress.getJob().getDeadlineNs();

        assertThat(JobProgressRules.afterTick(progress, deadline - 1)).isSameAs(progress);
        JobProgress timedOut = JobProgressRules.afterTick(progress, deadline);
        assertThat(timedOut.getState()).isEqualTo(JobState.TIMED_OUT);
        assertThat(timedOut.getFinishedNs()).isEqualTo(deadline);
        assertThat(JobProgressRules.afterTick(timedOut, deadline + MINUTE_NS)).isSameAs(timedOut);
    }

    @Test
    void lateResultsOfATimedOutJobStillCountAndDecideIt() {
        onJob(job("j", 2));
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        progress = JobProgressRules.afterTick(progress, progress.getJob().getDeadlineNs());
        long finished = progress.getFinishedNs();

        onResult(result("j", 1, "B", WriteOutcome.TIMED_OUT));

        assertThat(progress.getState()).isEqualTo(JobState.FAILED);
        assertThat(progress.getFinishedNs()).as("when it left RUNNING").isEqualTo(finished);
        assertCounts(1, 1, 1, 0);
    }

    @Test
    void aDryRunSucceedsOnceAllItsResultsAreIn() {
        onJob(dryRun("j", 3));
        onResult(result("j", 1, "A", WriteOutcome.PLANNED));
        onResult(result("j", 1, "B", WriteOutcome.SKIPPED_NO_VALUE));
        assertThat(progress.getState()).isEqualTo(JobState.RUNNING);

        onResult(result("j", 1, "C", WriteOutcome.PLANNED));
        assertThat(progress.getState()).isEqualTo(JobState.SUCCEEDED);
        assertCounts(0, 0, 0, 3);
    }

    @Test
    void aJobWithNothingToWaitForIsDecidedAtOnce() {
        onResult(result("j", 1, "A", WriteOutcome.SKIPPED_READ_ONLY));
        onJob(job("j", 1));

        assertThat(progress.getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(progress.getFinishedNs()).isNotNull();
    }

    @Test
    void pvsSkippedForNoValueOrNoWriteAccessMakeTheJobPartialNotSucceeded() {
        onJob(job("j", 4));
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        onResult(result("j", 1, "B", WriteOutcome.SKIPPED_READ_ONLY));
        onResult(result("j", 1, "C", WriteOutcome.SKIPPED_NO_VALUE));
        assertThat(progress.getState()).isEqualTo(JobState.RUNNING);

        onResult(result("j", 1, "D", WriteOutcome.SKIPPED_NO_WRITE_ACCESS));

        assertThat(progress.getState()).isEqualTo(JobState.PARTIAL);
        assertCounts(1, 1, 0, 3);
        assertThat(progress.getSkippedUnintended()).as("no value + no write access, not read-only").isEqualTo(2);
        assertThat(progress.getFinishedNs()).isNotNull();
    }

    @Test
    void aFailureOutweighsUnintendedSkips() {
        onJob(job("j", 2));
        onResult(result("j", 1, "A", WriteOutcome.SKIPPED_NO_VALUE));
        onResult(result("j", 1, "B", WriteOutcome.FAILED));

        assertThat(progress.getState()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aRetryThatWritesTheSkippedPvSucceeds() {
        RestoreJob first = job("j", 2);
        onJob(first);
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        onResult(result("j", 1, "B", WriteOutcome.SKIPPED_NO_WRITE_ACCESS));
        assertThat(progress.getState()).isEqualTo(JobState.PARTIAL);

        onJob(retry(first, T0_NS + 20 * MINUTE_NS, "B"));
        assertThat(progress.getSkippedUnintended()).as("the retried PV's old skip counts nowhere").isZero();
        onResult(result("j", 2, "B", WriteOutcome.VERIFIED));

        assertThat(progress.getState()).isEqualTo(JobState.SUCCEEDED);
        assertCounts(2, 2, 0, 0);
        assertThat(progress.getSkippedUnintended()).isZero();
    }

    @Test
    void aReplacedUnintendedSkipStopsCounting() {
        onJob(job("j", 2));
        onResult(result("j", 1, "A", WriteOutcome.VERIFIED));
        onResult(result("j", 1, "B", WriteOutcome.SKIPPED_NO_VALUE));
        onResult(result("j", 1, "B", WriteOutcome.VERIFIED)); // a later result of the same attempt replaces it

        assertThat(progress.getSkippedUnintended()).isZero();
        assertThat(progress.getState()).isEqualTo(JobState.SUCCEEDED);
    }
}
