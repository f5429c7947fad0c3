package io.pvstream.streams.pvconfig;

import static io.pvstream.streams.StoreReads.guarded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.streams.NameOrderedMerge;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.StoreOwnership;
import io.pvstream.streams.StoreReads;

/**
 * Interactive queries of the {@value Topics.Stores#PV_CONFIG} store (the pv.config KTable of the PV
 * sub-topology, so it is partitioned and owned exactly like {@value Topics.Stores#PV_LATEST}). Active tasks
 * only, through the classic API (see {@code PvStateQueries#activeStore} for why). Thread-safe.
 */
public final class PvConfigQueries implements PvConfigLookup {

    private final KafkaStreams streams;
    private final HostInfo self;

    public PvConfigQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public HostInfo localHost() {
        return self;
    }

    @Override
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public Optional<HostInfo> ownerOf(String pv) {
        return StoreOwnership.activeHostOf(streams, Topics.Stores.PV_CONFIG, pv);
    }

    @Override
    public Optional<PvConfig> getLocal(String pv) {
        int partition = StoreReads.partitionOf(streams, Topics.Stores.PV_CONFIG, pv, pv);
        return Optional.ofNullable(guarded(() -> activeStore(partition).get(pv)));
    }

    @Override
    public List<PvConfig> scanLocal(String namePrefix, String after, int limit) {
        String prefix = namePrefix == null ? "" : namePrefix;
        if (limit <= 0) {
            return List.of();
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreNotReadyException("streams is " + streams.state()); // a page could miss partitions
        }
        String lowerBound = after != null && after.compareTo(prefix) > 0 ? after : prefix;
        List<KeyValueIterator<String, PvConfig>> runs = new ArrayList<>();
        try {
            for (int partition : activePartitions()) {
                runs.add(guarded(() -> activeStore(partition).range(lowerBound, null)));
            }
            return NameOrderedMerge.firstPage(runs, prefix, after, limit);
        } finally {
            runs.forEach(KeyValueIterator::close);
        }
    }

    @Override
    public Collection<HostInfo> allHosts() {
        return guarded(() -> streams.streamsMetadataForStore(Topics.Stores.PV_CONFIG).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> host.port() > 0)
                .toList());
    }

    /** The KTable's store is timestamped; the plain key-value view gives the specs without their timestamps. */
    private ReadOnlyKeyValueStore<String, PvConfig> activeStore(int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(Topics.Stores.PV_CONFIG,
                QueryableStoreTypes.<String, PvConfig>keyValueStore()).withPartition(partition));
    }

    private Set<Integer> activePartitions() {
        Set<Integer> partitions = new TreeSet<>();
        guarded(() -> streams.metadataForLocalThreads()).forEach(thread -> thread.activeTasks().forEach(task ->
                task.topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(Topics.PV_CONFIG))
                        .forEach(tp -> partitions.add(tp.partition()))));
        return partitions;
    }

}
