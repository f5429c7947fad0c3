package io.pvstream.records.buffer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** {@link TopicOffsets} through the Admin client (which stays the caller's). */
public final class AdminTopicOffsets implements TopicOffsets {

    private final Admin admin;
    private final Duration timeout;

    public AdminTopicOffsets(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public long endOffsetSum(Collection<String> topics) throws Exception {
        return offsets(partitions(topics), OffsetSpec.latest()).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long recordCount(String topic) throws Exception {
        List<TopicPartition> partitions = partitions(List.of(topic));
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        return partitions.stream().mapToLong(partition -> end.get(partition) - start.get(partition)).sum();
    }

    private List<TopicPartition> partitions(Collection<String> topics) throws Exception {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return descriptions.values().stream()
                .flatMap(description -> description.partitions().stream()
                        .map(partition -> new TopicPartition(description.name(), partition.partition())))
                .toList();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions().timeoutMs((int) timeout.toMillis())).all()
                .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
