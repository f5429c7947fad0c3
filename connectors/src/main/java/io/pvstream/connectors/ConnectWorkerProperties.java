package io.pvstream.connectors;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Worker properties for a single-node, loopback-only Connect cluster in distributed mode.
 *
 * <p>Distributed (not standalone) mode because connector configs, source offsets and statuses
 * then live in Kafka topics: a restarted {@code ./pvstream dev} resumes where it stopped, and the
 * REST API is the one production uses. The internal topic names derive from {@code group.id}, so
 * two workers in one cluster only share state when they are meant to (same group id).
 */
final class ConnectWorkerProperties {

    static final String DEFAULT_GROUP_ID = "pvstream-connect";
    private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    private ConnectWorkerProperties() {
    }

    /**
     * The {@code kafka.*} pass-through (SASL/SSL settings and the like, {@link
     * io.pvstream.schemas.config.CommonConfig#kafkaClientProps}) as worker properties: as they are for the worker's own
     * clients (config, offset and status topics), and prefixed {@code producer.}, {@code consumer.} and {@code admin.}
     * for the clients of the connectors' tasks (the CDC source's producer, the sinks' consumers), which do not inherit
     * the worker's. Bootstrap servers are set separately.
     */
    static Map<String, String> kafkaPassThrough(Map<String, Object> kafkaClientProps) {
        Map<String, String> props = new HashMap<>();
        kafkaClientProps.forEach((key, value) -> {
            if (!key.equals("bootstrap.servers") && value != null) {
                for (String prefix : new String[] {"", "producer.", "consumer.", "admin."}) {
                    props.put(prefix + key, String.valueOf(value));
                }
            }
        });
        return props;
    }

    /**
     * @param extra overrides and additions; {@code group.id} here also renames the internal topics
     */
    static Map<String, String> of(String bootstrapServers, Path pluginPath, Map<String, String> extra) {
        String groupId = extra.getOrDefault("group.id", DEFAULT_GROUP_ID);
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", groupId);
        props.put("config.storage.topic", groupId + ".configs");
        props.put("offset.storage.topic", groupId + ".offsets");
        props.put("status.storage.topic", groupId + ".status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "1");
        props.put("status.storage.partitions", "1");

        // port 0: Jetty binds a free loopback port and the worker advertises the one it got
        props.put("listeners", "http://127.0.0.1:0");
        props.put("rest.advertised.host.name", "127.0.0.1");

        props.put("plugin.path", pluginPath.toAbsolutePath().toString());
        // Debezium 3.x jars carry ServiceLoader manifests: no reflective scan of every jar at startup
        props.put("plugin.discovery", "service_load");

        props.put("key.converter", JSON_CONVERTER);
        props.put("value.converter", JSON_CONVERTER);
        props.put("key.converter.schemas.enable", "true");
        props.put("value.converter.schemas.enable", "true");

        // source offsets (the CDC position) reach Kafka within a second, not the default minute
        props.put("offset.flush.interval.ms", "1000");
        // one worker: when it restarts, take its connectors back at once instead of after 5 minutes
        props.put("scheduled.rebalance.max.delay.ms", "0");

        props.putAll(extra);
        return props;
    }
}
