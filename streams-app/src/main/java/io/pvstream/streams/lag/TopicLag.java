package io.pvstream.streams.lag;

/**
 * The lag of one input topic over the partitions this instance processes.
 *
 * @param partitions             how many of its partitions this instance processes
 * @param recordsBehind          summed over them
 * @param oldestUnprocessedAgeMs the largest of their oldest-unprocessed ages
 */
public record TopicLag(int partitions, long recordsBehind, long oldestUnprocessedAgeMs) {
}
