package io.pvstream.schemas.config;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Keys every pvstream service shares: where Kafka is and how topics are laid out. */
public final class CommonConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION = "topic.replication";
    public static final String TOPIC_MIN_INSYNC_REPLICAS = "topic.min.insync.replicas";
    /** Prefix of keys passed unchanged (minus the prefix) to every Kafka client, e.g. SASL/SSL settings. */
    public static final String KAFKA_PREFIX = "kafka.";

    private CommonConfig() {
    }

    /** Adds the shared keys to a module's definition. */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", Importance.HIGH,
                        "Kafka bootstrap servers (host:port, comma-separated).")
                .define(TOPIC_PARTITIONS, Type.INT, 6, Range.atLeast(1), Importance.MEDIUM,
                        "Partitions of the PV-keyed topics when the platform creates them. All PV topics share it.")
                .define(TOPIC_REPLICATION, Type.SHORT, (short) 1, Range.atLeast(1), Importance.MEDIUM,
                        "Replication factor of the topics the platform creates (and of Kafka Streams' and Connect's "
                                + "internal topics). A service refuses to start when the cluster has fewer brokers.")
                .define(TOPIC_MIN_INSYNC_REPLICAS, Type.SHORT, (short) 0, Range.between(0, Short.MAX_VALUE),
                        Importance.MEDIUM, "min.insync.replicas of the topics the platform creates (and of Kafka "
                                + "Streams' internal topics): replicas that must have a write before it is "
                                + "acknowledged; at most topic.replication. 0 = not set on the topics, the broker's "
                                + "min.insync.replicas applies. With 3 replicas, 2 keeps every acknowledged write "
                                + "through the loss of one broker.")
                .define(ConfigLoader.CONFIG_FILE, Type.STRING, "", Importance.LOW,
                        "Optional properties file with values for any key; environment variables override it.");
    }

    /** Properties every Kafka client of the platform starts from: bootstrap + the {@code kafka.*} pass-through. */
    public static Map<String, Object> kafkaClientProps(AbstractConfig config) {
        Map<String, Object> props = new HashMap<>(config.originalsWithPrefix(KAFKA_PREFIX));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.getString(BOOTSTRAP_SERVERS));
        return props;
    }
}
