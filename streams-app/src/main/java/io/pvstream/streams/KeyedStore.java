package io.pvstream.streams;

import static io.pvstream.streams.StoreReads.guarded;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One String-keyed store of one {@link KafkaStreams} instance, as every interactive query reads it: who owns a
 * key, which instances serve the store, and this instance's active partitions (the classic store API: IQv2 has no
 * range or prefix query, and the classic one serves active tasks only unless told otherwise). Every "not now" of
 * Streams becomes {@link StoreNotReadyException}. Thread-safe.
 *
 * @param <V> the values of the store (a KTable's timestamped store is read without its timestamps)
 */
public final class KeyedStore<V> {

    private final StreamsHandle handle;
    private final String name;

    public KeyedStore(StreamsHandle handle, String name) {
        this.handle = handle;
        this.name = name;
    }

    /** The instance holding the active copy of {@code key}; empty while not known (see {@link StoreOwnership}). */
    public Optional<HostInfo> ownerOf(String key) {
        return handle.ifBound().flatMap(streams -> StoreOwnership.activeHostOf(streams, name, key));
    }

    /** Every instance that serves the store now (none while its metadata is unknown). */
    public Collection<HostInfo> allHosts() {
        KafkaStreams streams = handle.streams();
        return guarded(() -> streams.streamsMetadataForStore(name).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> host.port() > 0) // HostInfo.unavailable() while metadata is unknown
                .toList());
    }

    /**
     * The partition of the store that holds {@code key}.
     *
     * @param what how the key is named in the error, e.g. {@code "job 42"}
     * @throws StoreNotReadyException while the partition is not known (no assignment yet)
     */
    public int partitionOf(String key, String what) {
        return StoreReads.partitionOf(handle.streams(), name, key, what);
    }

    /** The local partition of the store that holds {@code key} (see {@link #partitionOf}). */
    public ReadOnlyKeyValueStore<String, V> partitionHolding(String key, String what) {
        return partition(partitionOf(key, what));
    }

    /** One active partition of this instance. */
    public ReadOnlyKeyValueStore<String, V> partition(int partition) {
        return handle.streams().store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }

    /** One partition of this instance, a standby copy included (stale by its replication lag); empty if none is here. */
    public Optional<ReadOnlyKeyValueStore<String, V>> anyCopyOf(int partition) {
        try {
            return Optional.of(handle.streams().store(StoreQueryParameters.fromNameAndType(name,
                    QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition).enableStaleStores()));
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** {@code read} over all active partitions of this instance at once; only when RUNNING (see {@link #requireRunning}). */
    public <R> R readAllLocal(Function<ReadOnlyKeyValueStore<String, V>, R> read) {
        requireRunning();
        KafkaStreams streams = handle.streams();
        return guarded(() -> read.apply(streams.store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.<String, V>keyValueStore()))));
    }

    /** The partitions of {@code topic} (the store's source or changelog) this instance's active tasks hold. */
    public Set<Integer> activePartitions(String topic) {
        Set<Integer> partitions = new TreeSet<>();
        KafkaStreams streams = handle.streams();
        guarded(() -> streams.metadataForLocalThreads()).forEach(thread -> thread.activeTasks().forEach(task ->
                task.topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(topic))
                        .forEach(tp -> partitions.add(tp.partition()))));
        return partitions;
    }

    /**
     * As {@link #activePartitions}, checked against the partitions the assignment gives this instance: a task moved
     * here (its owner died; a standby promoted) is assigned at once, but it restores the rest of its changelog before
     * a stream thread runs it and reports it active. A listing or scan of the running ones only would miss its keys
     * without a word (seen: a WebSocket snapshot of 26 of 50 PVs after a query-api was killed), so: "retry".
     *
     * @throws StoreNotReadyException while an assigned partition is not served yet
     */
    public Set<Integer> servedPartitions(String topic) {
        Set<Integer> running = activePartitions(topic);
        HostInfo self = handle.localHost();
        Set<Integer> waiting = new TreeSet<>();
        guarded(() -> handle.streams().streamsMetadataForStore(name)).stream()
                .filter(metadata -> metadata.hostInfo().equals(self))
                .forEach(metadata -> metadata.topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(topic) && !running.contains(tp.partition()))
                        .forEach(tp -> waiting.add(tp.partition())));
        if (!waiting.isEmpty()) {
            throw new StoreNotReadyException("partitions " + waiting + " of " + name + " are assigned to this "
                    + "instance but still restoring");
        }
        return running;
    }

    /** A listing or scan read mid-rebalance could silently miss partitions: better to say "retry". */
    public void requireRunning() {
        handle.requireRunning();
    }
}
