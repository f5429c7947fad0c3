package io.pvstream.streams;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.pvstream.schemas.Topics;

/**
 * How far the {@value Topics.Stores#PV_LATEST} store of each partition has got: the offset of the last record of
 * each input topic it applied. A snapshot records these with its values, so it says exactly which updates it
 * reflects and can be reproduced from the topics.
 *
 * <p>Why not IQv2's {@code Position}: IQv2 range queries can deadlock the stream thread in Kafka 4.1 (see
 * {@link PvStateQueries}). The processor writes here; queries read. One instance per {@code KafkaStreams};
 * thread-safe, and cheap on the write path (one volatile store per update, no allocation).
 */
public final class StorePositions {

    /** The positions of one partition; written by the one stream thread that owns its task. */
    static final class Partition {
        private volatile long values = -1;
        private volatile long meta = -1;
        private volatile long connections = -1;

        void applied(String topic, long offset) {
            switch (topic) {
                case Topics.PV_VALUES -> values = offset;
                case Topics.PV_META -> meta = offset;
                case Topics.PV_CONNECTIONS -> connections = offset;
                default -> {
                    // not an input of the store
                }
            }
        }
    }

    private final ConcurrentMap<Integer, Partition> partitions = new ConcurrentHashMap<>();

    Partition partition(int partition) {
        return partitions.computeIfAbsent(partition, p -> new Partition());
    }

    /**
     * The positions of {@code partition} as {@code "<topic>-<partition>" → offset} of the last applied record
     * (absent for a topic none of whose records this instance has applied since it started the task; the
     * store then holds what its changelog restored).
     */
    public Map<String, Long> of(int partition) {
        Map<String, Long> out = new TreeMap<>();
        Partition p = partitions.get(partition);
        if (p != null) {
            put(out, Topics.PV_VALUES, partition, p.values);
            put(out, Topics.PV_META, partition, p.meta);
            put(out, Topics.PV_CONNECTIONS, partition, p.connections);
        }
        return out;
    }

    private static void put(Map<String, Long> out, String topic, int partition, long offset) {
        if (offset >= 0) {
            out.put(topic + "-" + partition, offset);
        }
    }
}
