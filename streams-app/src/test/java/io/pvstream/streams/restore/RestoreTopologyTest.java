package io.pvstream.streams.restore;

import static io.pvstream.streams.restore.RestoreTestRecords.MINUTE_NS;
import static io.pvstream.streams.restore.RestoreTestRecords.T0_MS;
import static io.pvstream.streams.restore.RestoreTestRecords.T0_NS;
import static io.pvstream.streams.restore.RestoreTestRecords.dryRun;
import static io.pvstream.streams.restore.RestoreTestRecords.job;
import static io.pvstream.streams.restore.RestoreTestRecords.result;
import static io.pvstream.streams.restore.RestoreTestRecords.retry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.JobState;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.avro.WriteOutcome;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.StreamsAppConfig;

/** The restore-job part of the topology on a {@link TopologyTestDriver}: stores, progress records, the deadline. */
class RestoreTopologyTest {

    private static final Duration RETENTION = Duration.ofDays(3);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, RestoreJob> jobs;
    private TestInputTopic<String, PvWriteResult> results;
    private TestOutputTopic<String, JobProgress> progress;
    private KeyValueStore<String, JobProgress> jobStore;
    private KeyValueStore<String, PvWriteResult> resultStore;

    @BeforeEach
    void start() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of(
                StreamsAppConfig.STATE_DIR, stateDir.toString(),
                CommonConfig.TOPIC_PARTITIONS, "1",
                StreamsAppConfig.RESTORE_CHECK_INTERVAL_MS, "1000",
                StreamsAppConfig.RESTORE_JOB_RETENTION_MS, Long.toString(RETENTION.toMillis())));
        StreamsBuilder builder = new StreamsBuilder();
        RestoreTopology.addTo(builder, config);
        driver = new TopologyTestDriver(builder.build(), config.streamsProperties("127.0.0.1:8080"),
                Instant.ofEpochMilli(T0_MS));
        StringSerializer strings = new StringSerializer();
        jobs = driver.createInputTopic(Topics.RESTORE_JOBS, strings, Serdes.RESTORE_JOB.serializer());
        results = driver.createInputTopic(Topics.PV_WRITE_RESULTS, strings, Serdes.PV_WRITE_RESULT.serializer());
        progress = driver.createOutputTopic(Topics.RESTORE_JOB_PROGRESS, new StringDeserializer(),
                Serdes.JOB_PROGRESS.deserializer());
        jobStore = driver.getKeyValueStore(Topics.Stores.RESTORE_JOBS);
        resultStore = driver.getKeyValueStore(Topics.Stores.RESTORE_JOB_RESULTS);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void pipe(PvWriteResult... written) {
        for (PvWriteResult result : written) {
            results.pipeInput(result.getJobId(), result);
        }
    }

    private JobProgress stored(String jobId) {
        return jobStore.get(jobId);
    }

    private static List<Integer> counts(JobProgress progress) {
        return List.of(progress.getWritten(), progress.getVerified(), progress.getFailed(), progress.getSkipped());
    }

    @Test
    void everyChangeIsEmittedKeyedByJobIdAndStored() {
        jobs.pipeInput("j-1", job("j-1", 2));
        pipe(result("j-1", 1, "A", WriteOutcome.VERIFIED), result("j-1", 1, "B", WriteOutcome.VERIFIED));

        List<KeyValue<String, JobProgress>> emitted = progress.readKeyValuesToList();
        assertThat(emitted).extracting(kv -> kv.key).containsOnly("j-1");
        assertThat(emitted).extracting(kv -> kv.value.getState())
                .containsExactly(JobState.RUNNING, JobState.RUNNING, JobState.SUCCEEDED);
        assertThat(emitted).extracting(kv -> kv.value.getWritten()).containsExactly(0, 1, 2);
        assertThat(stored("j-1")).isEqualTo(emitted.get(2).value);
        assertThat(resultStore.get("j-1/A").getOutcome()).isEqualTo(WriteOutcome.VERIFIED);
    }

    @Test
    void resultsBeforeTheirJobAreKeptAndCountedWhenItArrives() {
        pipe(result("j-1", 1, "A", WriteOutcome.VERIFIED), result("j-1", 1, "B", WriteOutcome.SKIPPED_NO_VALUE));
        assertThat(progress.isEmpty()).as("no job yet, nothing to report").isTrue();
        assertThat(resultStore.get("j-1/B")).isNotNull();

        jobs.pipeInput("j-1", job("j-1", 3));

        JobProgress first = progress.readValue();
        assertThat(first.getState()).isEqualTo(JobState.RUNNING);
        assertThat(counts(first)).containsExactly(1, 1, 0, 1);
    }

    @Test
    void aRedeliveredResultOrJobChangesNothing() {
        jobs.pipeInput("j-1", job("j-1", 3));
        pipe(result("j-1", 1, "A", WriteOutcome.FAILED));
        progress.readValuesToList();
        JobProgress before = stored("j-1");

        pipe(result("j-1", 1, "A", WriteOutcome.FAILED));
        jobs.pipeInput("j-1", job("j-1", 3));

        assertThat(progress.isEmpty()).isTrue();
        assertThat(stored("j-1")).isEqualTo(before);
        assertThat(counts(before)).containsExactly(0, 0, 1, 0);
    }

    @Test
    void aResultOfAnOlderAttemptIsIgnored() {
        RestoreJob first = job("j-1", 1);
        jobs.pipeInput("j-1", first);
        pipe(result("j-1", 1, "A", WriteOutcome.FAILED));
        jobs.pipeInput("j-1", retry(first, T0_NS + MINUTE_NS, "A"));
        pipe(result("j-1", 2, "A", WriteOutcome.VERIFIED));
        progress.readValuesToList();

        pipe(result("j-1", 1, "A", WriteOutcome.FAILED)); // the first attempt's result, delivered again late

        assertThat(progress.isEmpty()).isTrue();
        assertThat(resultStore.get("j-1/A").getAttempt()).isEqualTo(2);
        assertThat(stored("j-1").getState()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aRetryOfTheFailedPvsRunsAgainThenSucceeds() {
        RestoreJob first = job("j-1", 3);
        jobs.pipeInput("j-1", first);
        pipe(result("j-1", 1, "A", WriteOutcome.VERIFIED), result("j-1", 1, "B", WriteOutcome.CIRCUIT_OPEN),
                result("j-1", 1, "C", WriteOutcome.OUT_OF_RANGE));
        assertThat(stored("j-1").getState()).isEqualTo(JobState.FAILED);
        progress.readValuesToList();

        RestoreJob second = retry(first, T0_NS + 5 * MINUTE_NS, "B", "C");
        jobs.pipeInput("j-1", second);
        JobProgress rerun = progress.readValue();
        assertThat(rerun.getState()).isEqualTo(JobState.RUNNING);
        assertThat(rerun.getJob().getAttempt()).isEqualTo(2);
        assertThat(rerun.getJob().getDeadlineNs()).isEqualTo(second.getDeadlineNs());
        assertThat(counts(rerun)).as("B and C wait for their new results").containsExactly(1, 1, 0, 0);

        pipe(result("j-1", 2, "B", WriteOutcome.VERIFIED), result("j-1", 2, "C", WriteOutcome.VERIFIED));

        JobProgress done = stored("j-1");
        assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(counts(done)).containsExactly(3, 3, 0, 0);
        assertThat(progress.readValuesToList()).extracting(JobProgress::getState)
                .containsExactly(JobState.RUNNING, JobState.SUCCEEDED);
    }

    @Test
    void writtenButNotVerifiedFailsTheJob() {
        jobs.pipeInput("j-1", job("j-1", 2));
        pipe(result("j-1", 1, "A", WriteOutcome.VERIFIED), result("j-1", 1, "B", WriteOutcome.WRITTEN_NOT_VERIFIED));

        assertThat(stored("j-1").getState()).isEqualTo(JobState.FAILED);
        assertThat(counts(stored("j-1"))).containsExactly(2, 1, 0, 0);
    }

    @Test
    void theDeadlineTimesOutAJobWithPvsStillWithoutOutcome() {
        jobs.pipeInput("j-1", job("j-1", 2));
        pipe(result("j-1", 1, "A", WriteOutcome.VERIFIED));
        progress.readValuesToList();

        driver.advanceWallClockTime(Duration.ofMinutes(9));
        assertThat(progress.isEmpty()).as("before the deadline").isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(1).plusSeconds(1));
        JobProgress timedOut = progress.readValue();
        assertThat(timedOut.getState()).isEqualTo(JobState.TIMED_OUT);
        assertThat(timedOut.getFinishedNs()).isGreaterThanOrEqualTo(timedOut.getJob().getDeadlineNs());
        assertThat(stored("j-1")).isEqualTo(timedOut);

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(progress.isEmpty()).as("timed out once").isTrue();
    }

    @Test
    void aDryRunSucceedsOnceItsPlannedResultsAreIn() {
        jobs.pipeInput("j-1", dryRun("j-1", 2));
        pipe(result("j-1", 1, "A", WriteOutcome.PLANNED), result("j-1", 1, "B", WriteOutcome.SKIPPED_READ_ONLY));

        assertThat(stored("j-1").getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(counts(stored("j-1"))).containsExactly(0, 0, 0, 2);
    }

    @Test
    void jobsAreKeptAfterTheyFinishUntilTheRetentionEnds() {
        jobs.pipeInput("j-1", job("j-1", 1));
        jobs.pipeInput("j-2", job("j-2", 1));
        pipe(result("j-1", 1, "A", WriteOutcome.VERIFIED), result("j-2", 1, "A", WriteOutcome.VERIFIED));
        driver.advanceWallClockTime(Duration.ofDays(1));
        assertThat(stored("j-1")).as("finished, still there").isNotNull();

        jobs.pipeInput("j-3", RestoreJob.newBuilder(job("j-3", 1))
                .setCreatedNs(T0_NS + 86_400_000_000_000L).setDeadlineNs(T0_NS + 5 * 86_400_000_000_000L).build());
        driver.advanceWallClockTime(RETENTION);

        assertThat(stored("j-1")).isNull();
        assertThat(resultStore.get("j-1/A")).isNull();
        assertThat(stored("j-2")).isNull();
        assertThat(stored("j-3")).as("still running").isNotNull();
    }

    @Test
    void queriesReadAJobsResultsByPrefixAndTheNewestJobs() {
        jobs.pipeInput("j-1", job("j-1", 2));
        jobs.pipeInput("j-10", RestoreJob.newBuilder(job("j-10", 1)).setCreatedNs(T0_NS + 5).build());
        pipe(result("j-1", 1, "B", WriteOutcome.FAILED), result("j-1", 1, "A", WriteOutcome.VERIFIED),
                result("j-10", 1, "A", WriteOutcome.VERIFIED));

        assertThat(RestoreScans.results(resultStore, "j-1")).extracting(PvWriteResult::getPvName)
                .containsExactly("A", "B");
        assertThat(RestoreScans.newest(jobStore, 10)).extracting(p -> p.getJob().getJobId())
                .containsExactly("j-10", "j-1");
        assertThat(RestoreScans.newest(jobStore, 1)).hasSize(1);
    }
}
