package io.pvstream.streams.lag;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

/**
 * {@link OffsetSource} over an {@link Admin} client: one ListOffsets and one OffsetFetch request per call, whatever
 * the number of partitions. End offsets are read as {@code read_committed} consumers see them, as the Streams main
 * consumer is configured: an open transaction is not lag.
 */
public final class AdminOffsets implements OffsetSource {

    private final Admin admin;
    private final String groupId;
    private final Duration timeout;

    /** @param groupId the Streams application.id (its consumer group) */
    public AdminOffsets(Admin admin, String groupId, Duration timeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.timeout = timeout;
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) {
        return list(partitions, OffsetSpec.latest());
    }

    @Override
    public Map<TopicPartition, Long> startOffsets(Set<TopicPartition> partitions) {
        return list(partitions, OffsetSpec.earliest());
    }

    @Override
    public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitions);
        Map<TopicPartition, OffsetAndMetadata> offsets = await(admin.listConsumerGroupOffsets(Map.of(groupId, spec))
                .partitionsToOffsetAndMetadata(groupId));
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset.offset());
            }
        });
        return committed;
    }

    private Map<TopicPartition, Long> list(Set<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        await(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("offsets not available: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("offsets not available within " + timeout.toMillis() + " ms", e);
        }
    }
}
