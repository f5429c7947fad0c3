package io.pvstream.streams.ops;

import java.time.Duration;

import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.streams.StreamsAppConfig;

/**
 * The options that shape the operations-records part of the topology.
 *
 * @param partitions     partitions of {@code ops.tx}; the CDC repartition topic gets the same count so a
 *                       CDC event reaches the task that holds its transaction's pending entry
 * @param replicaEnabled whether a transaction is final only once a replica has replayed it
 * @param checkInterval  wall-clock period of the replica and overdue check
 * @param confirmTimeout age (since the API accepted it) at which an unconfirmed transaction is reported
 */
public record OpsSettings(int partitions, boolean replicaEnabled, Duration checkInterval, Duration confirmTimeout) {

    public static OpsSettings from(StreamsAppConfig config) {
        return new OpsSettings(config.getInt(CommonConfig.TOPIC_PARTITIONS),
                config.getBoolean(StreamsAppConfig.OPS_REPLICA_ENABLED),
                Duration.ofMillis(config.getLong(StreamsAppConfig.OPS_CONFIRM_CHECK_INTERVAL_MS)),
                Duration.ofMillis(config.getLong(StreamsAppConfig.OPS_CONFIRM_TIMEOUT_MS)));
    }
}
