package io.pvstream.schemas;

import org.apache.kafka.common.config.AbstractConfig;

import io.pvstream.schemas.config.CommonConfig;

/**
 * How the platform lays out the topics it creates.
 *
 * @param partitions        partitions of the PV-keyed topics (all share it)
 * @param replicationFactor replicas of every topic
 * @param minInSyncReplicas {@code min.insync.replicas} of every topic; 0 = not set, the broker's default applies
 */
public record TopicLayout(int partitions, short replicationFactor, short minInSyncReplicas) {

    /** The layout configured by {@link CommonConfig}'s topic keys. */
    public static TopicLayout of(AbstractConfig config) {
        return new TopicLayout(config.getInt(CommonConfig.TOPIC_PARTITIONS),
                config.getShort(CommonConfig.TOPIC_REPLICATION), config.getShort(CommonConfig.TOPIC_MIN_INSYNC_REPLICAS));
    }
}
