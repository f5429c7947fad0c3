package io.pvstream.streams.lag;

/**
 * How far this instance's processing of one input partition is behind its end.
 *
 * @param endOffset              the partition's end (last stable offset: the Streams consumer reads committed
 *                               records only)
 * @param position               the next offset to process: one past the last record applied, or the committed
 *                               offset
 * @param recordsBehind          {@code endOffset - position}, never negative
 * @param oldestUnprocessedAgeMs how long before the sample the oldest unprocessed record was appended; 0 when
 *                               caught up
 */
public record PartitionLag(String topic, int partition, long endOffset, long position, long recordsBehind,
                           long oldestUnprocessedAgeMs) {
}
