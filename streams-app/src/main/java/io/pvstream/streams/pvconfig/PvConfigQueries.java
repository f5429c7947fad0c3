package io.pvstream.streams.pvconfig;

import static io.pvstream.streams.StoreReads.guarded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.streams.KeyedStore;
import io.pvstream.streams.StreamsHandle;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.streams.NameOrderedMerge;

/**
 * Interactive queries of the {@value Topics.Stores#PV_CONFIG} store (the pv.config KTable of the PV
 * sub-topology, so it is partitioned and owned exactly like {@value Topics.Stores#PV_LATEST}). Active tasks
 * only, through the classic API (see {@code PvStateQueries#activeStore} for why). Thread-safe.
 */
public final class PvConfigQueries implements PvConfigLookup {

    private final StreamsHandle handle;
    private final KeyedStore<PvConfig> store;

    public PvConfigQueries(StreamsHandle handle) {
        this.handle = handle;
        this.store = new KeyedStore<>(handle, Topics.Stores.PV_CONFIG);
    }

    @Override
    public HostInfo localHost() {
        return handle.localHost();
    }

    @Override
    public KafkaStreams.State state() {
        return handle.state();
    }

    @Override
    public Optional<HostInfo> ownerOf(String pv) {
        return store.ownerOf(pv);
    }

    @Override
    public Optional<PvConfig> getLocal(String pv) {
        ReadOnlyKeyValueStore<String, PvConfig> partition = store.partitionHolding(pv, pv);
        return Optional.ofNullable(guarded(() -> partition.get(pv)));
    }

    @Override
    public List<PvConfig> scanLocal(String namePrefix, String after, int limit) {
        String prefix = namePrefix == null ? "" : namePrefix;
        if (limit <= 0) {
            return List.of();
        }
        store.requireRunning(); // a page could miss partitions
        String lowerBound = after != null && after.compareTo(prefix) > 0 ? after : prefix;
        List<KeyValueIterator<String, PvConfig>> runs = new ArrayList<>();
        try {
            for (int partition : store.activePartitions(Topics.PV_CONFIG)) {
                runs.add(guarded(() -> store.partition(partition).range(lowerBound, null)));
            }
            return NameOrderedMerge.firstPage(runs, prefix, after, limit);
        } finally {
            runs.forEach(KeyValueIterator::close);
        }
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return store.allHosts();
    }
}
