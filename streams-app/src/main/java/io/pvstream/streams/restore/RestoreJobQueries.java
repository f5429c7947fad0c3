package io.pvstream.streams.restore;

import static io.pvstream.streams.StoreReads.guarded;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.StoreOwnership;
import io.pvstream.streams.StoreReads;

/**
 * Interactive queries over the stores of {@link RestoreTopology} for one {@link KafkaStreams} instance. Knows
 * nothing of HTTP: it says which instance owns a job and reads this instance's active partitions.
 *
 * <p>Both stores are partitioned by job id (the key of their source topics), although the results store's key is
 * {@code jobId/pvName}: a job's results are read from the job's partition with one prefix scan. Reads use active
 * tasks only and the classic store API (see {@code PvStateQueries} for why not IQv2). Thread-safe.
 */
public final class RestoreJobQueries implements RestoreJobStores {

    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this instance's {@code application.server} */
    public RestoreJobQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public HostInfo localHost() {
        return self;
    }

    @Override
    public Optional<HostInfo> ownerOf(String jobId) {
        return StoreOwnership.activeHostOf(streams, Topics.Stores.RESTORE_JOBS, jobId);
    }

    @Override
    public Optional<JobProgress> progressLocal(String jobId) {
        int partition = partitionOf(jobId);
        return Optional.ofNullable(guarded(() -> this.<JobProgress>store(Topics.Stores.RESTORE_JOBS, partition)
                .get(jobId)));
    }

    @Override
    public List<PvWriteResult> resultsLocal(String jobId) {
        int partition = partitionOf(jobId);
        return guarded(() -> RestoreScans.results(store(Topics.Stores.RESTORE_JOB_RESULTS, partition), jobId));
    }

    @Override
    public List<JobProgress> newestLocal(int limit) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            // a list read mid-rebalance could silently miss partitions: better to say "retry"
            throw new StoreNotReadyException("streams is " + streams.state());
        }
        return guarded(() -> RestoreScans.newest(streams.store(StoreQueryParameters.fromNameAndType(
                Topics.Stores.RESTORE_JOBS, QueryableStoreTypes.<String, JobProgress>keyValueStore())), limit));
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return guarded(() -> streams.streamsMetadataForStore(Topics.Stores.RESTORE_JOBS).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> host.port() > 0) // HostInfo.unavailable() while metadata is unknown
                .toList());
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }

    private int partitionOf(String jobId) {
        return StoreReads.partitionOf(streams, Topics.Stores.RESTORE_JOBS, jobId, "job " + jobId);
    }

}
