package io.pvstream.records.buffer;

import java.util.Collection;

/** End and start offsets of topics, summed over partitions: what the rate sampler needs of Kafka. */
public interface TopicOffsets {

    /** The sum of the end offsets of every partition of {@code topics} (records ever appended). */
    long endOffsetSum(Collection<String> topics) throws Exception;

    /** Records currently held: end minus start offset, summed over the partitions of {@code topic}. */
    long recordCount(String topic) throws Exception;
}
