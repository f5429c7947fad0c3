package io.pvstream.streams.pvconfig;

import static io.pvstream.streams.StoreReads.guarded;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.streams.KeyedStoreQueries;
import io.pvstream.streams.StreamsHandle;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.streams.NameOrderedMerge;

/**
 * Interactive queries of the {@value Topics.Stores#PV_CONFIG} store (the pv.config KTable of the PV
 * sub-topology, so it is partitioned and owned exactly like {@value Topics.Stores#PV_LATEST}). Active tasks
 * only, through the classic API (see {@code PvStateQueries#activeStore} for why). Thread-safe.
 */
public final class PvConfigQueries extends KeyedStoreQueries<PvConfig> implements PvConfigLookup {


    public PvConfigQueries(StreamsHandle handle) {
        super(handle, Topics.Stores.PV_CONFIG);
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

}
