package io.pvstream.streams.ops;

import static io.pvstream.streams.StoreReads.guarded;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.schemas.Topics;
import io.pvstream.streams.StoreOwnership;
import io.pvstream.streams.StoreReads;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.streams.StoreNotReadyException;

/**
 * Interactive queries over {@value Topics.Stores#OPS_PENDING} for one {@link KafkaStreams} instance (the
 * one that runs {@link OpsTopology}, e.g. the instance query-api embeds). Knows nothing of HTTP: it says
 * which instance owns an entity and reads this instance's active partitions; routing is the caller's job.
 *
 * <p>Entries are partitioned by entity id exactly as {@code ops.tx} is (String key, default partitioner),
 * although the store key is {@code entityId/txId}. Reads use active tasks only. Thread-safe.
 */
public final class OpsPendingQueries implements OpsPendingLookup {

    private final KafkaStreams streams;
    private final HostInfo self;

    /**
     * @param self this instance's {@code application.server}
     */
    public OpsPendingQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public HostInfo localHost() {
        return self;
    }

    @Override
    public Optional<HostInfo> ownerOf(String entityId) {
        return StoreOwnership.activeHostOf(streams, Topics.Stores.OPS_PENDING, entityId);
    }

    @Override
    public List<PendingTransaction> pendingForEntity(String entityId) {
        int partition = partitionOf(entityId);
        QueryableStoreType<ReadOnlyKeyValueStore<String, PendingTransaction>> type = QueryableStoreTypes.keyValueStore();
        StoreQueryParameters<ReadOnlyKeyValueStore<String, PendingTransaction>> onePartition = StoreQueryParameters
                .fromNameAndType(Topics.Stores.OPS_PENDING, type).withPartition(partition);
        return guarded(() -> PendingScans.forEntity(store(onePartition), entityId));
    }

    @Override
    public List<PendingTransaction> pendingOfType(String entityType) {
        return readAllLocal(store -> PendingScans.ofType(store, entityType));
    }

    @Override
    public PendingSummary summary() {
        return readAllLocal(PendingScans::summary);
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return guarded(() -> streams.streamsMetadataForStore(Topics.Stores.OPS_PENDING).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> host.port() > 0) // HostInfo.unavailable() while metadata is unknown
                .toList());
    }

    /** Over all active partitions of this instance; only when RUNNING, so no partition is silently missed. */
    private <R> R readAllLocal(Function<ReadOnlyKeyValueStore<String, PendingTransaction>, R> read) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreNotReadyException("streams is " + streams.state());
        }
        return guarded(() -> read.apply(store(StoreQueryParameters.fromNameAndType(Topics.Stores.OPS_PENDING,
                QueryableStoreTypes.keyValueStore()))));
    }

    private ReadOnlyKeyValueStore<String, PendingTransaction> store(
            StoreQueryParameters<ReadOnlyKeyValueStore<String, PendingTransaction>> parameters) {
        // IQv2 has no prefix query: the classic API does, and serves active tasks only unless told otherwise.
        return streams.store(parameters);
    }

    private int partitionOf(String entityId) {
        return StoreReads.partitionOf(streams, Topics.Stores.OPS_PENDING, entityId, "entity " + entityId);
    }

}
