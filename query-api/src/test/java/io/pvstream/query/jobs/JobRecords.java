package io.pvstream.query.jobs;

import java.util.List;

import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.JobState;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.avro.WriteOutcome;

/** Restore jobs, progress and results for tests of the HTTP and WebSocket layers. */
final class JobRecords {

    /** 2023-11-14T22:13:20.123456789Z */
    static final long T0_NS = 1_700_000_000_123_456_789L;

    private JobRecords() {
    }

    static RestoreJob job(String jobId, int attempt, int total, long createdNs, String... retried) {
        return RestoreJob.newBuilder().setJobId(jobId).setSnapshotId("snap-1").setAttempt(attempt).setDryRun(false)
                .setTotal(total).setRetried(List.of(retried)).setAuthor("operator").setCreatedNs(createdNs)
                .setStartedNs(createdNs + 1).setDeadlineNs(createdNs + 600_000_000_000L).build();
    }

    /** Progress with the given counts; FAILED and finished if every PV has an outcome, else RUNNING. */
    static JobProgress progress(RestoreJob job, int written, int verified, int failed, int skipped) {
        boolean done = written + failed + skipped >= job.getTotal();
        return JobProgress.newBuilder().setJob(job)
                .setState(done ? (failed > 0 || written > verified ? JobState.FAILED : JobState.SUCCEEDED)
                        : JobState.RUNNING)
                .setTotal(job.getTotal()).setWritten(written).setVerified(verified).setFailed(failed)
                .setSkipped(skipped).setUpdatedNs(job.getCreatedNs() + 5)
                .setFinishedNs(done ? Long.valueOf(job.getCreatedNs() + 5) : null).build();
    }

    static PvWriteResult result(String jobId, int attempt, String pv, WriteOutcome outcome) {
        return PvWriteResult.newBuilder().setJobId(jobId).setAttempt(attempt).setPvName(pv).setOutcome(outcome)
                .setMessage(outcome == WriteOutcome.VERIFIED ? null : "because " + outcome)
                .setIoc("127.0.0.1:5064").setReadback("1.5").setTries(2).setInstance("ingest-1")
                .setCompletedNs(T0_NS + 9).build();
    }
}
