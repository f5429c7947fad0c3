package io.pvstream.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;

/**
 * The catalogue of every Kafka topic and state store of pvstream: names, cleanup policy,
 * partitioning and retention live here and nowhere else.
 *
 * <p>All PV topics are keyed by PV name and have the same partition count, so the ingest instance
 * that monitors a PV is the one that writes it, and Streams joins them without repartitioning.
 */
public final class Topics {

    /** Desired monitoring spec per PV (compacted; tombstone = stop monitoring). */
    public static final String PV_CONFIG = "pv.config";
    /** Every monitor update (compacted, with a replay window). */
    public static final String PV_VALUES = "pv.values";
    /** Metadata from DBR_CTRL (compacted). */
    public static final String PV_META = "pv.meta";
    /** Channel connection state (compacted). */
    public static final String PV_CONNECTIONS = "pv.connections";
    /** Liveness and load of each ingest instance (compacted per instance, old instances expire). */
    public static final String INGEST_HEARTBEATS = "ingest.heartbeats";

    /** How long a superseded pv.values record survives compaction: the replay window. */
    public static final Duration VALUES_REPLAY_WINDOW = Duration.ofHours(1);
    /** How long a dead ingest instance's last heartbeat is kept. */
    public static final Duration HEARTBEAT_RETENTION = Duration.ofDays(1);

    /** Names of state stores; stable, because changelog topics are derived from them. */
    public static final class Stores {
        /** Latest value + metadata + connection per PV (key = PV name, value = PvState). */
        public static final String PV_LATEST = "pv-latest";
        /** Latest heartbeat per ingest instance (global store: every instance sees all). */
        public static final String INGEST_HEARTBEATS = "ingest-heartbeats";

        private Stores() {
        }
    }

    /** A topic with the configs it is created with. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    }

    private Topics() {
    }

    /**
     * Every topic the platform needs.
     *
     * @param partitions partition count of the PV-keyed topics
     */
    public static List<TopicSpec> all(int partitions) {
        return List.of(
                new TopicSpec(PV_CONFIG, partitions, compacted()),
                new TopicSpec(PV_VALUES, partitions, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(VALUES_REPLAY_WINDOW.toMillis()),
                        // Kafka time = when pvstream received it; the IOC time travels in the payload,
                        // so an IOC with a wrong clock cannot make the broker reject its records.
                        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),
                new TopicSpec(PV_META, partitions, compacted()),
                new TopicSpec(PV_CONNECTIONS, partitions, compacted()),
                new TopicSpec(INGEST_HEARTBEATS, 1, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(HEARTBEAT_RETENTION.toMillis()))));
    }

    private static Map<String, String> compacted() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}
