package io.pvstream.query.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.records.DomainException;
import io.pvstream.records.restore.JobView;
import io.pvstream.records.restore.PvResultView;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;
import io.pvstream.records.restore.RestoreRetry;

class RestoreRetryTest {

    private static final List<SnapshotValue> COVERED = List.of(SnapshotValues.of("OK", null),
            SnapshotValues.of("FAILED", null), SnapshotValues.of("NOT_VERIFIED", null),
            SnapshotValues.of("SKIPPED", null), SnapshotValues.of("NO_RESULT", null));

    @Test
    void retriesTheFailedTheNotVerifiedAndThoseWithoutAnOutcome() {
        List<PvResultView> results = List.of(result("OK", "VERIFIED"), result("FAILED", "FAILED"),
                result("NOT_VERIFIED", "NOT_VERIFIED"), result("SKIPPED", "SKIPPED"));

        assertThat(RestoreRetry.toRetry(job("TIMED_OUT", false), COVERED, results)).extracting(SnapshotValue::pv)
                .containsExactly("FAILED", "NOT_VERIFIED", "NO_RESULT");
    }

    @Test
    void aRunningJobADryRunAndAJobWithNothingToRetryAreRefused() {
        assertThatThrownBy(() -> RestoreRetry.toRetry(job("RUNNING", false), COVERED, List.of()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(409));
        assertThatThrownBy(() -> RestoreRetry.toRetry(job("SUCCEEDED", true), COVERED, List.of()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(400));
        assertThatThrownBy(() -> RestoreRetry.toRetry(job("SUCCEEDED", false), List.of(SnapshotValues.of("OK", null)),
                List.of(result("OK", "VERIFIED"))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(409));
    }

    private static JobView job(String state, boolean dryRun) {
        return new JobView("job", "snap", 1, dryRun, state, 5, 0, 0, 0, 0, 0, 0, 0, null, 0, null, 0, null, 0, null, 0,
                null, 0, null, null, List.of());
    }

    private static PvResultView result(String pv, String category) {
        return new PvResultView(pv, category, category, 1, null, null, null, 1, null, null, 0);
    }
}
