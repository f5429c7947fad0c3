package io.pvstream.streams.ops;

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
import io.pvstream.schemas.avro.PendingTransaction;

/**
 * Interactive queries over {@value Topics.Stores#OPS_PENDING} for one {@link KafkaStreams} instance (the
 * one that runs {@link OpsTopology}, e.g. the instance query-api embeds). Knows nothing of HTTP: it says
 * which instance owns an entity and reads this instance's active partitions; routing is the caller's job.
 *
 * <p>Entries are partitioned by entity id exactly as {@code ops.tx} is (String key, default partitioner),
 * although the store key is {@code entityId/txId}. Reads use active tasks only. Thread-safe.
 */
public final class OpsPendingQueries implements OpsPendingLookup {

    private final StreamsHandle handle;
    private final KeyedStore<PendingTransaction> store;

    public OpsPendingQueries(StreamsHandle handle) {
        this.handle = handle;
        this.store = new KeyedStore<>(handle, Topics.Stores.OPS_PENDING);
    }

    @Override
    public HostInfo localHost() {
        return handle.localHost();
    }

    @Override
    public Optional<HostInfo> ownerOf(String entityId) {
        return store.ownerOf(entityId);
    }

    @Override
    public List<PendingTransaction> pendingForEntity(String entityId) {
        ReadOnlyKeyValueStore<String, PendingTransaction> partition = store.partitionHolding(entityId,
                "entity " + entityId);
        return guarded(() -> PendingScans.forEntity(partition, entityId));
    }

    @Override
    public List<PendingTransaction> pendingOfType(String entityType) {
        return store.readAllLocal(pending -> PendingScans.ofType(pending, entityType));
    }

    @Override
    public PendingSummary summary() {
        return store.readAllLocal(PendingScans::summary);
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return store.allHosts();
    }
}
