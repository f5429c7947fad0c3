package io.pvstream.streams.lag;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.StorePositions;
import io.pvstream.streams.StoreReads;

/**
 * Measures the lag of one {@link KafkaStreams} instance every interval on its own thread ({@link LagSampler}), and
 * answers from the latest measurement. Costs two or three admin requests per interval, whatever the number of PVs.
 */
public final class StreamsLagMonitor implements StoreLag, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsLagMonitor.class);
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private final KafkaStreams streams;
    private final LagSampler sampler;
    private final ScheduledExecutorService timer;
    private volatile LagSample latest;
    private long lastFailureLogMs;

    private StreamsLagMonitor(KafkaStreams streams, StorePositions positions, OffsetSource offsets) {
        this.streams = streams;
        this.sampler = new LagSampler(offsets, this::ownedPartitions, tp -> appliedPosition(positions, tp),
                System::currentTimeMillis);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pvstream-lag-monitor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param positions the ones the topology of {@code streams} was built with
     * @param interval  how often to measure
     */
    public static StreamsLagMonitor start(KafkaStreams streams, StorePositions positions, OffsetSource offsets,
                                          Duration interval) {
        StreamsLagMonitor monitor = new StreamsLagMonitor(streams, positions, offsets);
        monitor.timer.scheduleWithFixedDelay(monitor::measure, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return monitor;
    }

    @Override
    public Optional<LagSample> latest() {
        return Optional.ofNullable(latest);
    }

    @Override
    public OptionalLong viewLagMs(String pv) {
        LagSample sample = latest;
        if (sample == null) {
            return OptionalLong.empty();
        }
        try {
            return sample.storeAgeMs(StoreReads.partitionOf(streams, Topics.Stores.PV_LATEST, pv, pv));
        } catch (StoreNotReadyException e) {
            return OptionalLong.empty();
        }
    }

    private void measure() {
        try {
            latest = sampler.sample();
        } catch (RuntimeException e) { // Kafka unreachable, for one: the sample ages, and health says so
            long now = System.currentTimeMillis();
            if (now - lastFailureLogMs >= FAILURE_LOG_INTERVAL.toMillis()) {
                lastFailureLogMs = now;
                log.warn("cannot measure the Streams lag now: {}", e.toString());
            }
        }
    }

    /** The input partitions of this instance's active tasks (none while Streams cannot tell). */
    private Set<TopicPartition> ownedPartitions() {
        Set<TopicPartition> owned = new HashSet<>();
        try {
            StoreReads.guarded(streams::metadataForLocalThreads).forEach(thread ->
                    thread.activeTasks().forEach(task -> owned.addAll(task.topicPartitions())));
        } catch (StoreNotReadyException e) {
            return Set.of();
        }
        return owned;
    }

    /** One past the last record of {@code tp} the latest-value store of this instance applied, or -1. */
    public static long appliedPosition(StorePositions positions, TopicPartition tp) {
        Long offset = positions.of(tp.partition()).get(tp.topic() + "-" + tp.partition());
        return offset == null ? -1 : offset + 1;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
