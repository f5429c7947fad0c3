package io.pvstream.streams.lag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.apache.kafka.common.TopicPartition;

/**
 * Measures one {@link LagSample}: the end offsets of the input partitions this instance processes, against how far
 * it has processed each. The position is the larger of the application's committed offset (every input; it trails
 * processing by up to the commit interval) and one past the last record applied to the latest-value store (exact,
 * for the store's inputs). Keeps an {@link OffsetHistory} per partition for the ages. Not thread-safe: one thread
 * samples.
 */
public final class LagSampler {

    /** Samples kept per partition before they are thinned (at 500 ms: 8.5 minutes at full resolution). */
    static final int HISTORY_CAPACITY = 1024;

    private final OffsetSource offsets;
    private final Supplier<Set<TopicPartition>> owned;
    private final ToLongFunction<TopicPartition> applied;
    private final LongSupplier clockMs;
    private final Map<TopicPartition, OffsetHistory> histories = new HashMap<>();

    /**
     * @param owned   the input partitions of this instance's active tasks
     * @param applied the next offset of a partition the latest-value store has applied, or -1 if not known
     * @param clockMs wall-clock ms since the epoch
     */
    public LagSampler(OffsetSource offsets, Supplier<Set<TopicPartition>> owned, ToLongFunction<TopicPartition> applied,
                      LongSupplier clockMs) {
        this.offsets = offsets;
        this.owned = owned;
        this.applied = applied;
        this.clockMs = clockMs;
    }

    public LagSample sample() {
        Set<TopicPartition> partitions = owned.get();
        histories.keySet().retainAll(partitions); // a partition that moved away and comes back starts afresh
        long now = clockMs.getAsLong(); // before the request: every record at or past the end came after this
        if (partitions.isEmpty()) {
            return new LagSample(now, List.of());
        }
        Map<TopicPartition, Long> ends = offsets.endOffsets(partitions);
        Map<TopicPartition, Long> committed = offsets.committed(partitions);
        Map<TopicPartition, Long> positions = new HashMap<>();
        Set<TopicPartition> unknown = new HashSet<>();
        for (TopicPartition tp : ends.keySet()) {
            long position = Math.max(committed.getOrDefault(tp, -1L), applied.applyAsLong(tp));
            if (position < 0) {
                unknown.add(tp);
            } else {
                positions.put(tp, position);
            }
        }
        // Nothing committed or applied yet: processing starts at the first record still there (auto.offset.reset).
        offsets.startOffsets(unknown).forEach(positions::put);
        List<PartitionLag> lags = new ArrayList<>();
        ends.forEach((tp, end) -> {
            long position = positions.getOrDefault(tp, 0L);
            OffsetHistory history = histories.computeIfAbsent(tp, p -> new OffsetHistory(HISTORY_CAPACITY));
            history.record(now, end);
            lags.add(new PartitionLag(tp.topic(), tp.partition(), end, position, Math.max(0, end - position),
                    history.ageMs(position, now)));
        });
        lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return new LagSample(now, lags);
    }
}
