package io.pvstream.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.TopologyDescription;

import io.pvstream.connectors.ArchiveConnectors;
import io.pvstream.connectors.ConnectConfig;
import io.pvstream.connectors.OpsConnectors;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.catalog.TopicContents;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/**
 * Writes {@code docs/topics.md} from {@link Topics} (names, cleanup, retention, partitions), {@link TopicContents}
 * (key, value, writers, readers), the Streams topology (its stores and their changelogs) and the services'
 * consumer groups, so the reference cannot drift from the code ({@code TopicDocsTest} fails when it has).
 * Run: {@code java -cp ... io.pvstream.devstack.TopicDocs docs/topics.md}.
 */
public final class TopicDocs {

    private TopicDocs() {
    }

    public static String render() {
        int partitions = (Integer) defaultOf(CommonConfig.define(new ConfigDef()), CommonConfig.TOPIC_PARTITIONS);
        StreamsAppConfig streams = StreamsAppConfig.load(Map.of(), Map.of());
        String applicationId = streams.getString(StreamsAppConfig.APPLICATION_ID);
        StringBuilder out = new StringBuilder("""
                # Topics and consumer groups

                Generated from the code by `io.pvstream.devstack.TopicDocs`; do not edit by hand.
                Every key is a UTF-8 string. Values are Avro single-object encoded unless said otherwise: how to
                decode them without our code, and the schemas themselves, are in the README ("Working with Kafka
                tools") and at `GET /api/v1/schemas`. Partitions: `P` = `topic.partitions` (default %d); the
                platform creates every topic below at start (`TopicInitializer`), with these configs.
                "streams-app" is the Kafka Streams application (application id `%s`) that every query-api
                instance embeds.

                ## Topics

                | topic | key | value | cleanup | retention | partitions | written by | read by |
                |---|---|---|---|---|---|---|---|
                """.formatted(partitions, applicationId));
        Set<String> seen = new TreeSet<>();
        for (Topics.TopicSpec topic : Topics.all(partitions)) {
            TopicContents.Content content = TopicContents.of(topic.name()).orElseThrow(
                    () -> new IllegalStateException("no TopicContents entry for " + topic.name()));
            String name = content.topic().endsWith(".") ? content.topic() + "<table>" : topic.name();
            if (seen.add(name)) {
                out.append("| `").append(name).append("` | ").append(content.key()).append(" | ")
                        .append(value(content)).append(" | ").append(cleanup(topic.configs())).append(" | ")
                        .append(retention(topic.configs())).append(" | ")
                        .append(topic.partitions() == partitions ? "P" : Integer.toString(topic.partitions()))
                        .append(" | ").append(content.writers()).append(" | ").append(content.readers()).append(" |\n");
            }
        }
        out.append("\n`<table>` is each operations table: ")
                .append(String.join(", ", io.pvstream.schemas.ops.OpsTables.ALL.stream()
                        .map(table -> "`" + table.name() + "`").toList()))
                .append(".\n");
        out.append(groups(applicationId));
        out.append(internalTopics(applicationId, streams));
        return out.toString();
    }

    private static String groups(String applicationId) {
        String connectGroup = (String) defaultOf(ConnectConfig.DEFINITION, ConnectConfig.GROUP_ID);
        return """

                ## Consumer groups

                | group | who | reads | config key |
                |---|---|---|---|
                | `%s` | the Streams application (application id) of every query-api instance | pv.config, pv.values, pv.meta, pv.connections, pv.diffs, ingest.heartbeats, pv.write.results, restore.jobs, ops.tx, ops.cdc.*, ops.replica.lsn, its repartition topics | `streams.application.id` |
                | `%s` | ingest instances: the pv.config partitions each holds are the PVs it monitors | pv.config | `ingest.consumer.group` |
                | `%s` | ingest instances: restore writes of the PVs they monitor | pv.writes | `write.consumer.group` |
                | `connect-%s` | the archive JDBC sink (Kafka Connect) | pv.archive | connector name |
                | `connect-%s` | the operations JDBC sink (Kafka Connect) | ops.apply.* | connector name |
                | `%s` | the Connect workers (group membership only; their state is in `%s.configs`, `.offsets`, `.status`) | | `connect.group.id` |

                The query API's own readers (WebSocket feeds of pv.diffs and restore.job.progress, the API keys of
                security.keys, the dead letters of ops.tx.dlq) use no group: they assign partitions themselves and
                commit nothing, so they never show lag.

                **Watching lag** (Kafka's own tool; LAG = records written but not yet processed, per partition):

                ```sh
                kafka-consumer-groups.sh --bootstrap-server 127.0.0.1:9092 --list
                kafka-consumer-groups.sh --bootstrap-server 127.0.0.1:9092 --describe --group %s           # Streams
                kafka-consumer-groups.sh --bootstrap-server 127.0.0.1:9092 --describe --group %s --members # who holds what
                kafka-consumer-groups.sh --bootstrap-server 127.0.0.1:9092 --describe --group connect-%s
                kafka-consumer-groups.sh --bootstrap-server 127.0.0.1:9092 --describe --all-groups
                ```
                """.formatted(applicationId, IngestConfig.DEFAULT_CONSUMER_GROUP,
                IngestConfig.DEFAULT_WRITE_CONSUMER_GROUP, ArchiveConnectors.SINK, OpsConnectors.SINK, connectGroup,
                connectGroup, applicationId, IngestConfig.DEFAULT_CONSUMER_GROUP, ArchiveConnectors.SINK);
    }

    /** The Streams app's own topics, from its topology: a changelog per store, and its repartition topics. */
    private static String internalTopics(String applicationId, StreamsAppConfig streams) {
        TopologyDescription description = PvTopology.buildTopology(streams).describe();
        Map<String, String> stores = new TreeMap<>();
        Set<String> repartitions = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> stores.put(store, "`" + applicationId + "-" + store + "-changelog`"));
                }
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null
                        && sink.topic().endsWith("-repartition")) {
                    repartitions.add("`" + applicationId + "-" + sink.topic() + "`");
                }
            }
        }
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            global.processor().stores().forEach(store -> stores.put(store,
                    "none: restored from `" + String.join("`, `", global.source().topicSet()) + "`"));
        }
        StringBuilder out = new StringBuilder("""

                ## Internal topics of the Streams application

                Kafka Streams creates these itself (prefixed with the application id); they are its state, not an
                interface: do not write them. (With `ops.replica.enabled`, the global store `ops-replica-lsn` is
                restored from `ops.replica.lsn`.)

                | state store | changelog |
                |---|---|
                """);
        stores.forEach((store, changelog) -> out.append("| `").append(store).append("` | ").append(changelog).append(" |\n"));
        out.append("\nRepartition topics: ").append(String.join(", ", repartitions)).append(".\n");
        return out.toString();
    }

    private static String value(TopicContents.Content content) {
        return switch (content.format()) {
            case AVRO -> "Avro `" + content.schema() + "`";
            case JSON_ROW -> "JSON object, one table row";
            case DEBEZIUM_JSON -> "Debezium change event (JSON)";
            case DEAD_LETTERS -> "records a sink could not apply (error in headers)";
        };
    }

    private static String cleanup(Map<String, String> configs) {
        String policy = configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        String lag = configs.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
        return policy + (lag == null ? "" : " (min compaction lag " + duration(Long.parseLong(lag)) + ")");
    }

    private static String retention(Map<String, String> configs) {
        String retention = configs.get(TopicConfig.RETENTION_MS_CONFIG);
        if (retention != null) {
            return duration(Long.parseLong(retention));
        }
        return configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, "").contains("compact")
                ? "latest per key" : "broker default";
    }

    static String duration(long millis) {
        Duration duration = Duration.ofMillis(millis);
        if (duration.toDays() > 0 && duration.toHours() % 24 == 0) {
            return duration.toDays() + " d";
        }
        return duration.toHours() > 0 && duration.toMinutes() % 60 == 0 ? duration.toHours() + " h"
                : duration.toMinutes() + " min";
    }

    private static Object defaultOf(ConfigDef definition, String key) {
        return definition.configKeys().get(key).defaultValue;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/topics.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render());
        System.out.println("wrote " + out);
    }
}
