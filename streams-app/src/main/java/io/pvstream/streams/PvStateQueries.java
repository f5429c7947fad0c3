package io.pvstream.streams;

import static io.pvstream.streams.StoreReads.guarded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.pvconfig.PvConfigQueries;

/**
 * Interactive queries over the stores of {@link PvTopology}, for one {@link KafkaStreams} instance (its
 * {@link StreamsHandle}: "not ready" until it is bound).
 * Knows nothing of HTTP: it says which instance owns a PV and reads this instance's partitions;
 * routing to other instances is the caller's job.
 *
 * <p>Reads of {@value Topics.Stores#PV_LATEST} only use active tasks, so an answer is never older
 * than what the owner has processed (see {@link #activeStore} for why they use the classic API). Thread-safe.
 */
public final class PvStateQueries extends KeyedStoreQueries<PvState> implements PvStateLookup {

    private final StorePositions positions;
    /** The desired set: the pv-config store, in the same tasks as pv-latest. */
    private final PvConfigQueries desired;

    public PvStateQueries(StreamsHandle handle) {
        this(handle, new StorePositions());
    }

    /**
     * @param positions the ones the topology of the handle's Streams was built with
     */
    public PvStateQueries(StreamsHandle handle, StorePositions positions) {
        super(handle, Topics.Stores.PV_LATEST);
        this.positions = positions;
        this.desired = new PvConfigQueries(handle);
    }




    @Override
    public Optional<PvState> getLocal(String pv) {
        int partition = partitionOf(pv);
        return Optional.ofNullable(guarded(() -> activeStore(partition).get(pv)));
    }

    @Override
    public Optional<PvState> getFromStandby(String pv) {
        try {
            return store.anyCopyOf(partitionOf(pv)).map(copy -> copy.get(pv));
        } catch (StoreNotReadyException | org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<PvState> scanLocal(String namePrefix, String after, int limit) {
        String prefix = namePrefix == null ? "" : namePrefix;
        if (limit <= 0) {
            return List.of();
        }
        handle.requireRunning(); // a page scanned mid-rebalance could silently miss partitions
        Set<Integer> partitions = activePartitions();
        if (partitions.isEmpty()) {
            return List.of();
        }
        String lowerBound = after != null && after.compareTo(prefix) > 0 ? after : prefix;
        List<KeyValueIterator<String, PvState>> runs = new ArrayList<>();
        try {
            for (int partition : partitions) {
                runs.add(guarded(() -> activeStore(partition).range(lowerBound, null)));
            }
            return NameOrderedMerge.firstPage(runs, prefix, after, limit);
        } finally {
            // Open iterators pin RocksDB resources: close every one we got, also the unused ones.
            runs.forEach(KeyValueIterator::close);
        }
    }

    @Override
    public boolean isDesiredLocal(String pv) {
        return desired.getLocal(pv).isPresent();
    }

    @Override
    public List<String> desiredLocal(String prefix, String after, int limit) {
        return desired.scanLocal(prefix, after, limit).stream().map(PvConfig::getName).toList();
    }

    @Override
    public LocalScan scanLocalMatching(Predicate<String> wanted) {
        handle.requireRunning(); // a partition could be missed
        List<PvState> matching = new ArrayList<>();
        Map<String, Long> at = new TreeMap<>();
        Set<Integer> partitions = activePartitions();
        for (int partition : partitions) {
            at.putAll(positions.of(partition)); // before the scan: the scan sees at least this much
            try (KeyValueIterator<String, PvState> all = guarded(() -> activeStore(partition).all())) {
                while (all.hasNext()) {
                    KeyValue<String, PvState> entry = all.next();
                    if (wanted.test(entry.key)) {
                        matching.add(entry.value);
                    }
                }
            }
        }
        return new LocalScan(matching, partitions, at);
    }

    @Override
    public List<PvState> staleLocal(int limit) {
        handle.requireRunning();
        TreeMap<String, PvState> stale = new TreeMap<>();
        for (int partition : activePartitions()) {
            ReadOnlyKeyValueStore<String, PvState> latest = activeStore(partition);
            ReadOnlyKeyValueStore<String, Long> index = guarded(() -> handle.streams().store(StoreQueryParameters
                    .fromNameAndType(Topics.Stores.PV_STALE, QueryableStoreTypes.<String, Long>keyValueStore())
                    .withPartition(partition)));
            try (KeyValueIterator<String, Long> flagged = guarded(index::all)) {
                flagged.forEachRemaining(entry -> {
                    PvState state = guarded(() -> latest.get(entry.key));
                    if (state != null && state.getStaleSinceNs() != null) { // not updated since it was flagged
                        stale.put(entry.key, state);
                    }
                });
            }
        }
        return stale.values().stream().limit(limit).toList();
    }

    /**
     * One partition of the PV store, only if its active task runs here (stale stores are not enabled).
     *
     * <p>Reads go through the classic interactive-query API, not IQv2 ({@code KafkaStreams#query}): in Kafka
     * 4.1 an IQv2 key or range query on a RocksDB store takes the store's position lock and then the store
     * lock, while the stream thread's put takes them the other way round, and the two can deadlock, freezing
     * the stream thread for good (KAFKA-19629, seen here under WebSocket snapshot load). The classic API only
     * takes the store lock.
     */
    private ReadOnlyKeyValueStore<String, PvState> activeStore(int partition) {
        return store.partition(partition);
    }

    @Override
    public List<IngestHeartbeat> heartbeats() {
        return guarded(() -> {
            // The global store is not supported by KafkaStreams#query (KAFKA-13523): use the classic API.
            ReadOnlyKeyValueStore<String, IngestHeartbeat> global = handle.streams().store(StoreQueryParameters
                    .fromNameAndType(Topics.Stores.INGEST_HEARTBEATS, QueryableStoreTypes.keyValueStore()));
            List<IngestHeartbeat> heartbeats = new ArrayList<>();
            try (KeyValueIterator<String, IngestHeartbeat> all = global.all()) {
                all.forEachRemaining((KeyValue<String, IngestHeartbeat> entry) -> heartbeats.add(entry.value));
            }
            return heartbeats;
        });
    }

    private int partitionOf(String pv) {
        return store.partitionOf(pv, pv);
    }

    /** Partitions of the PV store whose active task runs in this instance. */
    private Set<Integer> activePartitions() {
        // pv.values is a source of the store's sub-topology: its partitions are the store's.
        return store.servedPartitions(Topics.PV_VALUES);
    }

}
