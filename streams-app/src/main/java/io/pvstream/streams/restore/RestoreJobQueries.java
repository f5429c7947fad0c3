package io.pvstream.streams.restore;

import static io.pvstream.streams.StoreReads.guarded;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.streams.KeyedStore;
import io.pvstream.streams.StreamsHandle;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;

/**
 * Interactive queries over the stores of {@link RestoreTopology} for one {@link KafkaStreams} instance. Knows
 * nothing of HTTP: it says which instance owns a job and reads this instance's active partitions.
 *
 * <p>Both stores are partitioned by job id (the key of their source topics), although the results store's key is
 * {@code jobId/pvName}: a job's results are read from the job's partition with one prefix scan. Reads use active
 * tasks only and the classic store API (see {@code PvStateQueries} for why not IQv2). Thread-safe.
 */
public final class RestoreJobQueries implements RestoreJobStores {

    private final StreamsHandle handle;
    private final KeyedStore<JobProgress> jobs;
    private final KeyedStore<PvWriteResult> results;

    public RestoreJobQueries(StreamsHandle handle) {
        this.handle = handle;
        this.jobs = new KeyedStore<>(handle, Topics.Stores.RESTORE_JOBS);
        this.results = new KeyedStore<>(handle, Topics.Stores.RESTORE_JOB_RESULTS);
    }

    @Override
    public HostInfo localHost() {
        return handle.localHost();
    }

    @Override
    public Optional<HostInfo> ownerOf(String jobId) {
        return jobs.ownerOf(jobId);
    }

    @Override
    public Optional<JobProgress> progressLocal(String jobId) {
        ReadOnlyKeyValueStore<String, JobProgress> partition = jobs.partitionHolding(jobId, "job " + jobId);
        return Optional.ofNullable(guarded(() -> partition.get(jobId)));
    }

    /** Results live in the job's partition of their own store: the same partitioning (keys start with the job id). */
    @Override
    public List<PvWriteResult> resultsLocal(String jobId) {
        ReadOnlyKeyValueStore<String, PvWriteResult> partition = results.partition(
                jobs.partitionOf(jobId, "job " + jobId));
        return guarded(() -> RestoreScans.results(partition, jobId));
    }

    @Override
    public List<JobProgress> newestLocal(int limit) {
        return jobs.readAllLocal(all -> RestoreScans.newest(all, limit));
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return jobs.allHosts();
    }
}
