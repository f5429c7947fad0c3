package io.pvstream.devstack.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import io.pvstream.devstack.FreePorts;

/**
 * Three Kafka nodes, each broker and controller and each its own JVM ({@link KafkaNodeMain}), forming one KRaft
 * quorum on loopback. Topics get replication factor 3 and {@code min.insync.replicas=2}, so one node may be lost
 * (killed, paused) without losing an acknowledged record or refusing writes.
 */
public final class KafkaQuorum implements AutoCloseable {

    public static final int NODES = 3;
    public static final short REPLICATION = 3;
    public static final int MIN_INSYNC = 2;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    /**
     * Broker settings of the quorum. The session timeout is short so that a crashed or unreachable node is fenced
     * (and its partitions get new leaders) within seconds, not the default 9 s: writes are to be answered 201
     * within 5 s of a broker's loss.
     */
    static final Map<String, String> BROKER_SETTINGS = Map.ofEntries(
            Map.entry("default.replication.factor", Short.toString(REPLICATION)),
            Map.entry("min.insync.replicas", Integer.toString(MIN_INSYNC)),
            Map.entry("offsets.topic.replication.factor", Short.toString(REPLICATION)),
            Map.entry("transaction.state.log.replication.factor", Short.toString(REPLICATION)),
            Map.entry("transaction.state.log.min.isr", Integer.toString(MIN_INSYNC)),
            Map.entry("share.coordinator.state.topic.replication.factor", Short.toString(REPLICATION)),
            Map.entry("share.coordinator.state.topic.min.isr", Integer.toString(MIN_INSYNC)),
            Map.entry("broker.session.timeout.ms", "3000"),
            Map.entry("broker.heartbeat.interval.ms", "500"),
            Map.entry("unclean.leader.election.enable", "false"));

    private final List<ClusterProcess> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    /** Nothing runs until {@link #start()}. */
    KafkaQuorum(Path dataDir, List<String> jvmOptions) {
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ports.add(FreePorts.pick());
            controllerPorts.add(FreePorts.pick());
        }
        String voters = java.util.stream.IntStream.range(0, NODES)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i)).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        for (int i = 0; i < NODES; i++) {
            List<String> args = new ArrayList<>(List.of(Integer.toString(i + 1), Integer.toString(ports.get(i)),
                    Integer.toString(controllerPorts.get(i)), voters, dataDir.resolve("kafka-" + (i + 1)).toString(),
                    clusterId));
            BROKER_SETTINGS.forEach((key, value) -> args.add(key + "=" + value));
            nodes.add(new ClusterProcess("kafka-" + (i + 1), dataDir.resolve("logs"), null, KafkaNodeMain.class.getName(), args, Map.of(),
                    jvmOptions, line -> line.startsWith(KafkaNodeMain.READY_PREFIX), READY_TIMEOUT));
        }
    }

    /** Launches every node at once (none is ready before a majority runs), then waits for all. */
    void start() {
        nodes.forEach(ClusterProcess::launch);
        nodes.forEach(ClusterProcess::awaitReady);
    }

    public String bootstrapServers() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** The node with this {@code node.id} (1..3). */
    public ClusterProcess node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    public List<ClusterProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The {@code node.id} that leads the partition now. */
    public int leaderOf(String topic, int partition) {
        return partitionInfo(topic, partition).leader().id();
    }

    /** The {@code node.id} of the active controller (the leader of the KRaft quorum). */
    public int activeController() {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe the metadata quorum: " + e.getMessage(), e);
        }
    }

    /**
     * A node that leads some partition of {@code topic} and is not the active controller, if there is one: the loss
     * of a partition leader alone, not that of the controller as well.
     */
    public java.util.Optional<Integer> leaderOtherThanController(String topic) {
        int controller = activeController();
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().map(partition -> partition.leader().id())
                    .filter(id -> id != controller).findFirst();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Whether every partition of these topics has all {@value #NODES} replicas in sync again. */
    public boolean fullyInSync(List<String> topics) {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            return described.values().stream().flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.isr().size() == NODES && partition.leader() != null);
        } catch (Exception e) {
            return false;
        }
    }

    private TopicPartitionInfo partitionInfo(String topic, int partition) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().get(partition);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getMessage(), e);
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    @Override
    public void close() {
        // all at once: a node stopping alone would wait for the others to take its leaderships over
        ClusterProcess.closeAtOnce(nodes);
    }
}
