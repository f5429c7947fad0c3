package io.pvstream.streams.restore;

import java.util.List;

import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.avro.WriteOutcome;

/** Jobs and results of restore jobs, small and valid. */
final class RestoreTestRecords {

    static final long T0_MS = 1_700_000_000_000L;
    static final long T0_NS = T0_MS * 1_000_000L;
    static final long MINUTE_NS = 60_000_000_000L;

    private RestoreTestRecords() {
    }

    /** Attempt 1 of a job of {@code total} PVs, started at T0 with a 10-minute deadline. */
    static RestoreJob job(String jobId, int total) {
        return RestoreJob.newBuilder()
                .setJobId(jobId)
                .setSnapshotId("snap-1")
                .setAttempt(1)
                .setDryRun(false)
                .setTotal(total)
                .setRetried(List.of())
                .setAuthor("operator")
                .setCreatedNs(T0_NS)
                .setStartedNs(T0_NS)
                .setDeadlineNs(T0_NS + 10 * MINUTE_NS)
                .build();
    }

    static RestoreJob dryRun(String jobId, int total) {
        return RestoreJob.newBuilder(job(jobId, total)).setDryRun(true).build();
    }

    /** {@code job} retried: the next attempt writes {@code pvs} again, with a new deadline. */
    static RestoreJob retry(RestoreJob job, long startedNs, String... pvs) {
        return RestoreJob.newBuilder(job)
                .setAttempt(job.getAttempt() + 1)
                .setRetried(List.of(pvs))
                .setStartedNs(startedNs)
                .setDeadlineNs(startedNs + 10 * MINUTE_NS)
                .build();
    }

    static PvWriteResult result(String jobId, int attempt, String pv, WriteOutcome outcome) {
        return PvWriteResult.newBuilder()
                .setJobId(jobId)
                .setAttempt(attempt)
                .setPvName(pv)
                .setOutcome(outcome)
                .setMessage(outcome == WriteOutcome.VERIFIED ? null : outcome.name().toLowerCase())
                .setIoc("127.0.0.1:5064")
                .setReadback(null)
                .setTries(1)
                .setInstance("ingest-1")
                .setCompletedNs(T0_NS + attempt)
                .build();
    }
}
