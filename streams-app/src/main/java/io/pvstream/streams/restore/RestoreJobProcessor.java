package io.pvstream.streams.restore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.JobState;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;

/**
 * Owns a task's {@value Topics.Stores#RESTORE_JOBS} (job id → progress) and {@value Topics.Stores#RESTORE_JOB_RESULTS}
 * (jobId/pvName → latest result) stores, applies {@link JobProgressRules} to every job record and result, and
 * forwards every change of a job's progress. A wall-clock punctuation times out RUNNING jobs past their
 * deadline and, now and then, removes finished jobs older than the retention.
 */
final class RestoreJobProcessor implements Processor<String, RestoreInput, String, JobProgress> {

    private static final Logger log = LoggerFactory.getLogger(RestoreJobProcessor.class);
    /** How often finished jobs are checked against the retention: it is days, no need to look every second. */
    static final Duration RETENTION_SWEEP_PERIOD = Duration.ofMinutes(10);

    private final RestoreSettings settings;
    private final RunningJobs running = new RunningJobs();
    private ProcessorContext<String, JobProgress> context;
    private KeyValueStore<String, JobProgress> jobs;
    private KeyValueStore<String, PvWriteResult> results;
    private long lastSweepNs = Long.MIN_VALUE;

    RestoreJobProcessor(RestoreSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, JobProgress> context) {
        this.context = context;
        this.jobs = context.getStateStore(Topics.Stores.RESTORE_JOBS);
        this.results = context.getStateStore(Topics.Stores.RESTORE_JOB_RESULTS);
        running.clear();
        try (KeyValueIterator<String, JobProgress> all = jobs.all()) {
            all.forEachRemaining(entry -> running.track(entry.key, entry.value));
        }
        // Wall-clock time: a deadline must pass while no record arrives, which is exactly when writes hang.
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, RestoreInput> record) {
        if (record.value() instanceof RestoreInput.JobStarted started) {
            onJob(record, started.job());
        } else if (record.value() instanceof RestoreInput.WriteResult written) {
            onResult(record, written.result());
        }
    }

    private void onJob(Record<String, RestoreInput> record, RestoreJob job) {
        if (job == null) {
            log.warn("ignoring a tombstone on {} (key {}): jobs are kept until their retention ends",
                    Topics.RESTORE_JOBS, record.key());
            return;
        }
        long nowNs = nowNs();
        if (job.getDeadlineNs() + settings.retention().toNanos() < nowNs) {
            return; // replayed from the compacted topic long after its results expired: already forgotten
        }
        String jobId = job.getJobId();
        JobProgress current = jobs.get(jobId);
        JobProgressRules.afterJob(current, job, RestoreScans.results(results, jobId), nowNs)
                .ifPresent(progress -> save(jobId, progress, record.timestamp()));
    }

    private void onResult(Record<String, RestoreInput> record, PvWriteResult result) {
        if (result == null) {
            return; // results are never retracted
        }
        String key = ResultKeys.of(result.getJobId(), result.getPvName());
        PvWriteResult previous = results.get(key);
        if (!JobProgressRules.replaces(previous, result) || result.equals(previous)) {
            return; // older attempt, or a redelivery
        }
        results.put(key, result);
        JobProgress current = jobs.get(result.getJobId());
        if (current == null) {
            return; // before its job record: counted when the job arrives
        }
        JobProgress updated = JobProgressRules.afterResult(current, previous, result, nowNs());
        if (updated != current) {
            save(result.getJobId(), updated, record.timestamp());
        }
    }

    private void check(long nowMs) {
        long nowNs = TimeUnit.MILLISECONDS.toNanos(nowMs);
        for (String jobId : running.due(nowNs)) {
            JobProgress current = jobs.get(jobId);
            if (current == null) {
                running.forget(jobId);
                continue;
            }
            JobProgress updated = JobProgressRules.afterTick(current, nowNs);
            if (updated != current) {
                log.warn("restore job {} (attempt {}) timed out with {} of {} PVs without an outcome", jobId,
                        current.getJob().getAttempt(), current.getTotal() - JobCounts.of(current).outcomes(),
                        current.getTotal());
                save(jobId, updated, nowMs);
            }
        }
        if (lastSweepNs == Long.MIN_VALUE || nowNs - lastSweepNs >= RETENTION_SWEEP_PERIOD.toNanos()) {
            lastSweepNs = nowNs;
            removeExpired(nowNs);
        }
    }

    /** Finished jobs older than the retention go, with their results; the changelog tombstones are the cleanup. */
    private void removeExpired(long nowNs) {
        long oldestKeptNs = nowNs - settings.retention().toNanos();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, JobProgress> all = jobs.all()) {
            all.forEachRemaining(entry -> {
                JobProgress progress = entry.value;
                if (progress.getState() != JobState.RUNNING && progress.getFinishedNs() != null
                        && progress.getFinishedNs() < oldestKeptNs) {
                    expired.add(entry.key);
                }
            });
        }
        for (String jobId : expired) {
            List<String> resultKeys = new ArrayList<>();
            try (KeyValueIterator<String, PvWriteResult> own =
                         results.prefixScan(ResultKeys.prefix(jobId), new StringSerializer())) {
                own.forEachRemaining(entry -> resultKeys.add(entry.key));
            }
            resultKeys.forEach(results::delete);
            jobs.delete(jobId);
            running.forget(jobId);
        }
        if (!expired.isEmpty()) {
            log.info("removed {} restore jobs finished more than {} ago", expired.size(), settings.retention());
        }
    }

    private void save(String jobId, JobProgress progress, long timestampMs) {
        jobs.put(jobId, progress);
        running.track(jobId, progress);
        context.forward(new Record<>(jobId, progress, timestampMs));
    }

    private long nowNs() {
        return TimeUnit.MILLISECONDS.toNanos(context.currentSystemTimeMs());
    }

    @Override
    public void close() {
        running.clear();
    }
}
