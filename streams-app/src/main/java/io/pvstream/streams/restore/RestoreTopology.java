package io.pvstream.streams.restore;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.StreamsAppConfig;

/**
 * The restore-job part of the topology: progress of every job from its job records and its PVs' results.
 * <pre>
 * restore.jobs ───────┐
 * pv.write.results ───┴─ merge ─ restore-job-processor ─▶ restore.job.progress   (every change)
 *        (stores restore-jobs: job id → JobProgress, restore-job-results: jobId/pvName → PvWriteResult)
 * </pre>
 * Both sources are keyed by job id and have the same partition count, so one task sees all of a job and no
 * repartition is needed. The query API writes a job, its commands and its planner-decided results in one Kafka
 * transaction; Streams reads with {@code isolation.level=read_committed} (see {@link StreamsAppConfig}), so a
 * job is never seen half started.
 */
public final class RestoreTopology {

    private static final Serde<String> STRINGS = org.apache.kafka.common.serialization.Serdes.String();

    private RestoreTopology() {
    }

    /** Adds the restore-job part to {@code builder}; like the rest of the topology, a pure function of config. */
    public static void addTo(StreamsBuilder builder, StreamsAppConfig config) {
        RestoreSettings settings = RestoreSettings.from(config);
        builder.addStateStore(jobsStore());
        builder.addStateStore(resultsStore());

        KStream<String, RestoreInput> jobs = builder
                .stream(Topics.RESTORE_JOBS, Consumed.with(STRINGS, Serdes.RESTORE_JOB).withName("restore-jobs-source"))
                .mapValues(RestoreInput.JobStarted::new, Named.as("restore-jobs-to-input"));
        KStream<String, RestoreInput> results = builder
                .stream(Topics.PV_WRITE_RESULTS,
                        Consumed.with(STRINGS, Serdes.PV_WRITE_RESULT).withName("pv-write-results-source"))
                .mapValues(RestoreInput.WriteResult::new, Named.as("pv-write-results-to-input"));

        jobs.merge(results, Named.as("restore-inputs-merge"))
                .process(() -> new RestoreJobProcessor(settings), Named.as("restore-job-processor"),
                        Topics.Stores.RESTORE_JOBS, Topics.Stores.RESTORE_JOB_RESULTS)
                .to(Topics.RESTORE_JOB_PROGRESS,
                        Produced.with(STRINGS, Serdes.JOB_PROGRESS).withName("restore-job-progress-sink"));
    }

    /** Persistent and logged: a moved or restarted task gets its jobs back from the changelog. */
    private static StoreBuilder<KeyValueStore<String, JobProgress>> jobsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.Stores.RESTORE_JOBS),
                STRINGS, Serdes.JOB_PROGRESS);
    }

    private static StoreBuilder<KeyValueStore<String, PvWriteResult>> resultsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.Stores.RESTORE_JOB_RESULTS),
                STRINGS, Serdes.PV_WRITE_RESULT);
    }
}
