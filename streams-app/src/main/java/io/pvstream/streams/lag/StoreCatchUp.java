package io.pvstream.streams.lag;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the latest-value stores of all instances have applied every record that was in their input topics
 * when the wait began, so what is read next reflects at least that moment. Uses the application's committed offsets
 * (the other instances' progress, visible to all; they trail processing by up to the commit interval) and this
 * instance's own applied positions (exact).
 */
public final class StoreCatchUp {

    /** How the wait ended. {@code behind}: records per topic still not applied (empty when caught up). */
    public record Result(boolean caughtUp, long waitedMs, Map<String, Long> behind) {

        public long recordsBehind() {
            return behind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final OffsetSource offsets;
    private final int partitionCount;
    private final ToLongFunction<TopicPartition> localPosition;
    private final LongSupplier clockMs;
    private final Duration pollInterval;

    /**
     * @param partitionCount partitions of each input topic of the store
     * @param localPosition  the next offset this instance's store will apply, or -1 when it does not process it
     * @param pollInterval   how often progress is asked for while waiting
     */
    public StoreCatchUp(OffsetSource offsets, int partitionCount, ToLongFunction<TopicPartition> localPosition,
                        LongSupplier clockMs, Duration pollInterval) {
        this.offsets = offsets;
        this.partitionCount = partitionCount;
        this.localPosition = localPosition;
        this.clockMs = clockMs;
        this.pollInterval = pollInterval;
    }

    /**
     * Takes the end offsets now, then waits until every one is reached or {@code timeout} passes.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public Result await(Duration timeout) throws InterruptedException {
        long start = clockMs.getAsLong();
        Set<TopicPartition> partitions = new HashSet<>();
        for (String topic : LagSample.STORE_INPUTS) {
            for (int p = 0; p < partitionCount; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        Map<TopicPartition, Long> targets = offsets.endOffsets(partitions);
        while (true) {
            Map<String, Long> behind = behind(targets, offsets.committed(partitions));
            long waited = clockMs.getAsLong() - start;
            if (behind.isEmpty()) {
                return new Result(true, waited, Map.of());
            }
            if (waited >= timeout.toMillis()) {
                return new Result(false, waited, behind);
            }
            // A pause between two admin requests, not a synchronization: progress is only visible by asking.
            Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, timeout.toMillis() - waited)));
        }
    }

    private Map<String, Long> behind(Map<TopicPartition, Long> targets, Map<TopicPartition, Long> committed) {
        Map<String, Long> behind = new TreeMap<>();
        targets.forEach((tp, target) -> {
            long position = Math.max(committed.getOrDefault(tp, 0L), localPosition.applyAsLong(tp));
            if (position < target) {
                behind.merge(tp.topic(), target - position, Long::sum);
            }
        });
        return behind;
    }
}
