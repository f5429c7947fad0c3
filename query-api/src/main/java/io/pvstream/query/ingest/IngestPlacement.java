package io.pvstream.query.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import io.pvstream.query.health.HealthReport.IngestInstance;

/**
 * Who-is-where: which live ingest instance holds each pv.config partition (and so monitors its PVs), from the
 * instances' last heartbeats. Free of HTTP and Kafka.
 *
 * @param partitions every partition with the live instances that hold it (more than one only mid-rebalance)
 * @param unowned    partitions no live instance holds: their PVs are not monitored now
 */
public record IngestPlacement(List<PartitionOwners> partitions, List<Integer> unowned) {

    public record PartitionOwners(int partition, List<String> instances) {
    }

    /** @param partitionCount pv.config's partition count */
    public static IngestPlacement of(List<IngestInstance> instances, int partitionCount) {
        TreeMap<Integer, TreeSet<String>> owners = new TreeMap<>();
        for (int p = 0; p < partitionCount; p++) {
            owners.put(p, new TreeSet<>());
        }
        for (IngestInstance instance : instances) {
            if (instance.alive()) {
                instance.partitions().forEach(p -> owners.computeIfAbsent(p, x -> new TreeSet<>())
                        .add(instance.instance()));
            }
        }
        List<PartitionOwners> partitions = new ArrayList<>();
        List<Integer> unowned = new ArrayList<>();
        owners.forEach((partition, names) -> {
            partitions.add(new PartitionOwners(partition, List.copyOf(names)));
            if (names.isEmpty()) {
                unowned.add(partition);
            }
        });
        return new IngestPlacement(List.copyOf(partitions), List.copyOf(unowned));
    }
}
