package io.pvstream.streams.lag;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import io.pvstream.schemas.Topics;

/**
 * The lag of every input partition this instance processes, measured at one moment.
 *
 * @param sampledAtMs when the end offsets were asked for (ms since the epoch)
 */
public record LagSample(long sampledAtMs, List<PartitionLag> partitions) {

    /** The topics the latest-value store ({@value Topics.Stores#PV_LATEST}) is built from. */
    public static final Set<String> STORE_INPUTS = Set.of(Topics.PV_VALUES, Topics.PV_META, Topics.PV_CONNECTIONS,
            Topics.PV_CONFIG);

    public LagSample {
        partitions = List.copyOf(partitions);
    }

    /** Per input topic, in name order. */
    public Map<String, TopicLag> byTopic() {
        Map<String, TopicLag> topics = new TreeMap<>();
        for (PartitionLag lag : partitions) {
            topics.merge(lag.topic(), new TopicLag(1, lag.recordsBehind(), lag.oldestUnprocessedAgeMs()),
                    (a, b) -> new TopicLag(a.partitions() + b.partitions(), a.recordsBehind() + b.recordsBehind(),
                            Math.max(a.oldestUnprocessedAgeMs(), b.oldestUnprocessedAgeMs())));
        }
        return topics;
    }

    /** How old the latest-value store's view is: the oldest unprocessed update over its inputs and partitions. */
    public long storeAgeMs() {
        return partitions.stream().filter(lag -> STORE_INPUTS.contains(lag.topic()))
                .mapToLong(PartitionLag::oldestUnprocessedAgeMs).max().orElse(0);
    }

    /** Records not yet applied to the latest-value store. */
    public long storeRecordsBehind() {
        return partitions.stream().filter(lag -> STORE_INPUTS.contains(lag.topic()))
                .mapToLong(PartitionLag::recordsBehind).sum();
    }

    /** How old the view of one partition of the latest-value store is; empty if this instance does not process it. */
    public OptionalLong storeAgeMs(int partition) {
        return partitions.stream()
                .filter(lag -> lag.partition() == partition && STORE_INPUTS.contains(lag.topic()))
                .mapToLong(PartitionLag::oldestUnprocessedAgeMs).max();
    }
}
