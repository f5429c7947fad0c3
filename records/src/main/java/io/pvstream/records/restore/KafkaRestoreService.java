package io.pvstream.records.restore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.records.DomainException.Invalid;
import io.pvstream.records.DomainException.NotFound;
import io.pvstream.records.snapshots.SnapshotService;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.schemas.avro.RestoreJob;

/** Restores launched through {@link RestoreLauncher} (one Kafka transaction per job). */
public final class KafkaRestoreService implements RestoreService {

    /**
     * What it is built from.
     *
     * @param jobs          restore jobs as they stand (for retries)
     * @param jobTimeout    how long a job may run ({@code restore.job.timeout.ms})
     * @param verifyTimeout how long a write may take to read back ({@code restore.verify.timeout.ms})
     */
    public record Parts(SnapshotService snapshots, RestoreJobLookup jobs, RestoreLauncher launcher,
                        Duration jobTimeout, Duration verifyTimeout, Clock clock, Supplier<UUID> ids) {
    }

    private final Parts parts;

    public KafkaRestoreService(Parts parts) {
        this.parts = parts;
    }

    @Override
    public Started start(String snapshotId, JsonNode pvs, boolean dryRun, String author) {
        List<SnapshotValue> chosen = subset(parts.snapshots().read(snapshotId).values(), pvs);
        List<String> named = pvs == null || pvs.isNull() ? List.of() : chosen.stream().map(SnapshotValue::pv).toList();
        long now = nowNs();
        RestoreJob.Builder job = RestoreJob.newBuilder()
                .setJobId(parts.ids().get().toString())
                .setSnapshotId(snapshotId)
                .setAttempt(1)
                .setDryRun(dryRun)
                .setPvs(named)
                .setRetried(List.of())
                .setAuthor(author)
                .setCreatedNs(now);
        return launch(job, chosen, now);
    }

    @Override
    public Started retry(String jobId, String author) {
        JobView job = parts.jobs().progress(jobId).orElseThrow(() -> new NotFound("unknown job " + jobId));
        List<PvResultView> results = parts.jobs().results(jobId);
        RestoreJob started = startedJob(job);
        List<SnapshotValue> covered = parts.snapshots().read(job.snapshotId()).values();
        if (!started.getPvs().isEmpty()) {
            Set<String> named = new HashSet<>(started.getPvs());
            covered = covered.stream().filter(value -> named.contains(value.pv())).toList();
        }
        List<SnapshotValue> again = RestoreRetry.toRetry(job, covered, results);
        RestoreJob.Builder next = RestoreJob.newBuilder(started)
                .setAttempt(job.attempt() + 1)
                .setRetried(again.stream().map(SnapshotValue::pv).toList())
                .setAuthor(author != null ? author : started.getAuthor());
        return launch(next, again, nowNs());
    }

    /** The job record as it was started, rebuilt from its view (the store keeps it; the view shows its fields). */
    private static RestoreJob startedJob(JobView job) {
        return RestoreJob.newBuilder()
                .setJobId(job.jobId())
                .setSnapshotId(job.snapshotId())
                .setAttempt(job.attempt())
                .setDryRun(job.dryRun())
                .setPvs(job.pvs() == null ? List.of() : job.pvs())
                .setTotal(job.total())
                .setRetried(List.of())
                .setAuthor(job.author())
                .setCreatedNs(job.createdNs())
                .setStartedNs(job.startedNs())
                .setDeadlineNs(job.deadlineNs())
                .build();
    }

    /** Plans {@code values}, completes the job record and launches it in one Kafka transaction. */
    private Started launch(RestoreJob.Builder builder, List<SnapshotValue> values, long now) {
        long deadline = now + parts.jobTimeout().toNanos();
        RestorePlanner.Plan plan = RestorePlanner.plan(values, new RestorePlanner.Parameters(builder.getJobId(),
                builder.getAttempt(), builder.getDryRun(), parts.verifyTimeout().toMillis(), deadline, now));
        if (builder.getAttempt() == 1) {
            builder.setTotal(plan.total());
        }
        RestoreJob job = builder.setStartedNs(now).setDeadlineNs(deadline).build();
        parts.launcher().launch(job, plan);
        return new Started(job, plan);
    }

    /** The saved PVs named by a restore's {@code pvs}, or all; a name the snapshot lacks is invalid. */
    private static List<SnapshotValue> subset(List<SnapshotValue> values, JsonNode pvs) {
        if (pvs == null || pvs.isNull()) {
            return values;
        }
        if (!pvs.isArray() || pvs.isEmpty()) {
            throw new Invalid("pvs: a non-empty list of PV names of the snapshot, or leave it out for all");
        }
        Set<String> wanted = new LinkedHashSet<>();
        pvs.forEach(pv -> wanted.add(pv.asText()));
        Map<String, SnapshotValue> byName = values.stream()
                .collect(Collectors.toMap(SnapshotValue::pv, value -> value));
        List<String> unknown = wanted.stream().filter(name -> !byName.containsKey(name)).limit(10).toList();
        if (!unknown.isEmpty()) {
            throw new Invalid("pvs: not in the snapshot: " + String.join(", ", unknown));
        }
        return wanted.stream().map(byName::get).toList();
    }

    private long nowNs() {
        Instant now = parts.clock().instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }
}
