package io.pvstream.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), in this JVM,
 * listening on 127.0.0.1 only. Not {@code KafkaClusterTestKit}: that one binds the wildcard
 * address whatever the listeners say.
 *
 * <p>The data directory is formatted once; its cluster id is kept with it, so a restart on the
 * same directory keeps every topic (formatting again with a new id would fail).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CLUSTER_ID_FILE = "cluster.id";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker; returns once it answers an Admin request.
     *
     * @param brokerPort client port, 0 for any free port
     */
    public static EmbeddedKafka start(Path dataDir, int brokerPort) {
        int port = brokerPort == 0 ? FreePorts.pick() : brokerPort;
        QuorumNode single = QuorumNode.single(port, FreePorts.pick());
        return startNode(dataDir, single, null, Map.of());
    }

    /**
     * Starts one node (broker and controller) of a KRaft quorum; returns once it answers an Admin request, which
     * for a quorum of several nodes is only once a majority of them runs.
     *
     * @param clusterId the id every node of the quorum is formatted with; null = a new one, kept in the data dir
     * @param extra     broker properties that replace or add to the single-node defaults (replication factors)
     */
    public static EmbeddedKafka startNode(Path dataDir, QuorumNode node, String clusterId, Map<String, String> extra) {
        Path logDir = dataDir.resolve("log");
        Properties props = brokerProperties(logDir, node);
        props.putAll(extra);
        format(dataDir, logDir, props, clusterId);

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(server, "127.0.0.1:" + node.port());
        kafka.awaitReady();
        log.info("Kafka (KRaft) node {} ready at {}", node.nodeId(), kafka.bootstrapServers);
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    static Properties brokerProperties(Path logDir, QuorumNode node) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(node.nodeId())),
                Map.entry("controller.quorum.voters", node.voters()),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:"
                        + node.controllerPort()),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port()),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "6"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // small segments so compaction of a dev broker is visible within a session
                Map.entry("log.segment.bytes", Integer.toString(64 * 1024 * 1024)),
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024))));
        return p;
    }

    private static void format(Path dataDir, Path logDir, Properties props, String givenClusterId) {
        try {
            Files.createDirectories(dataDir);
            Path idFile = dataDir.resolve(CLUSTER_ID_FILE);
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return; // formatted before: keep its cluster id and data
            }
            String clusterId = givenClusterId != null ? givenClusterId : Uuid.randomUuid().toString();
            Files.writeString(idFile, clusterId);
            Path config = dataDir.resolve("format.properties");
            try (Writer w = Files.newBufferedWriter(config)) {
                props.store(w, "used to format the KRaft log dir");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataDir, e);
        }
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Kafka did not become ready at " + bootstrapServers, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }
}
