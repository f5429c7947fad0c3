package io.pvstream.streams.lag;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/** Offsets from the cluster: {@link AdminOffsets} in production, fakes in tests. Failures are unchecked. */
public interface OffsetSource {

    /** The end (last stable offset) of each partition. */
    Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions);

    /** The first offset still in each partition (after retention). */
    Map<TopicPartition, Long> startOffsets(Set<TopicPartition> partitions);

    /** The offsets the Streams application committed; partitions without a commit are absent. */
    Map<TopicPartition, Long> committed(Set<TopicPartition> partitions);
}
