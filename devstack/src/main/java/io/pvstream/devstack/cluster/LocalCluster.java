package io.pvstream.devstack.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.connectors.ConnectWorkerMain;
import io.pvstream.devstack.ConnectProcess;
import io.pvstream.devstack.FreePorts;
import io.pvstream.devstack.PvConfigSeeder;
import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.ingest.IngestMain;
import io.pvstream.query.QueryApiMain;
import io.pvstream.records.db.OpsMigrations;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.simioc.SimIocMain;

/**
 * The platform as a cluster on this machine, every part its own OS process on loopback: a 3-node KRaft quorum,
 * PostgreSQL primary and replica, Connect workers in one group, ingest and query-api instances and the simulated
 * IOC. Small heaps: it is for fault tests on a shared machine, not for throughput. {@link #close()} stops all of
 * it; if this JVM dies instead, each part notices and stops by itself ({@link OrphanGuard}).
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    /** The bootstrap admin key of every query-api instance (writes need one). */
    public static final String ADMIN_KEY = "pvs_local-cluster-admin-key-000000000000000000000";
    private static final String INTERNAL_TOKEN = "local-cluster-token";
    public static final int PARTITIONS = 6;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);
    /**
     * JVM options of the parts: small heaps, the serial collector and the C1 compiler only (no C2 compile threads),
     * since a dozen JVMs share two cores here and each carries little load.
     */
    private static final List<String> SMALL_HEAP = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final List<String> SERVICE_HEAP = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final ClusterLayout layout;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final KafkaQuorum kafka;
    private final int iocPort = FreePorts.pick();
    private final List<Integer> apiPorts = new ArrayList<>();
    private final List<ClusterProcess> connect = new ArrayList<>();
    private final List<ClusterProcess> ingests = new ArrayList<>();
    private final List<ClusterProcess> apis = new ArrayList<>();
    private ClusterProcess ioc;
    private PostgresCluster postgres;

    private LocalCluster(ClusterLayout layout) {
        this.layout = layout;
        this.kafka = new KafkaQuorum(layout.dataDir(), SMALL_HEAP);
    }

    /** Starts every part and returns once all run; on failure stops what was started and rethrows. */
    public static LocalCluster start(ClusterLayout layout) {
        LocalCluster cluster = new LocalCluster(layout);
        try {
            cluster.startAll();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() {
        long begin = System.nanoTime();
        track(kafka).start();
        try (Admin admin = kafka.admin()) {
            TopicInitializer.ensureTopics(admin, PARTITIONS, KafkaQuorum.REPLICATION);
        }
        postgres = track(PostgresCluster.create(layout.dataDir().resolve("postgres"), true));
        postgres.startServers();
        OpsMigrations.migrate(postgres.primaryJdbcUrl(), postgres.user(), postgres.password());

        ioc = track(service("simioc", SimIocMain.class.getName(), List.of("--pvs", Integer.toString(layout.pvs()),
                "--rate", Double.toString(layout.rateHz()), "--port", Integer.toString(iocPort), "--setpoints", "0"),
                Map.of(), line -> line.contains("SIMIOC READY")));
        ioc.launch();
        for (int i = 1; i <= layout.connectWorkers(); i++) {
            connect.add(track(connectWorker(i)));
        }
        connect.get(0).launch(); // the first registers the connectors; the others join its group afterwards
        ioc.awaitReady();
        PvConfigSeeder.seed(Map.of("bootstrap.servers", kafka.bootstrapServers()), pvNames());
        for (int i = 1; i <= layout.ingests(); i++) {
            ingests.add(track(ingest(i)));
        }
        for (int i = 1; i <= layout.apis(); i++) {
            apiPorts.add(FreePorts.pick());
            apis.add(track(queryApi(i)));
        }
        ingests.forEach(ClusterProcess::launch);
        apis.forEach(ClusterProcess::launch);
        connect.get(0).awaitReady();
        connect.stream().skip(1).forEach(ClusterProcess::start);
        ingests.forEach(ClusterProcess::awaitReady);
        apis.forEach(ClusterProcess::awaitReady);
        log.info("local cluster up in {} s: Kafka {}, query-api ports {}", (System.nanoTime() - begin) / 1_000_000_000,
                kafka.bootstrapServers(), apiPorts);
    }

    private ClusterProcess connectWorker(int index) {
        Map<String, String> env = new HashMap<>(commonEnv());
        env.put("PVSTREAM_CONNECT_REST_PORT", Integer.toString(FreePorts.pick()));
        env.put("PVSTREAM_OPS_JDBC_URL", postgres.primaryJdbcUrl());
        env.put("PVSTREAM_OPS_JDBC_USER", postgres.user());
        env.put("PVSTREAM_OPS_JDBC_PASSWORD", postgres.password());
        env.put("PVSTREAM_OPS_CDC_SLOT_DROP", "false");
        List<String> workerProps = List.of("config.storage.replication.factor=3", "offset.storage.replication.factor=3",
                "status.storage.replication.factor=3");
        List<String> options = new ArrayList<>(SERVICE_HEAP);
        options.add("-D" + ConnectWorkerMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        return new ClusterProcess("connect-" + index, logDir(), ConnectProcess.classpath(), ConnectWorkerMain.class.getName(),
                workerProps, env, options, line -> line.startsWith(ConnectWorkerMain.READY_PREFIX), READY_TIMEOUT);
    }

    private ClusterProcess ingest(int index) {
        Map<String, String> env = new HashMap<>(commonEnv());
        env.put("PVSTREAM_CA_ADDR_LIST", iocAddress());
        env.put("PVSTREAM_INGEST_INSTANCE_ID", "ingest-" + index);
        env.put("PVSTREAM_INGEST_HEARTBEAT_INTERVAL_MS", "1000");
        return service("ingest-" + index, IngestMain.class.getName(), List.of(), env,
                line -> line.contains("running; stop with SIGTERM"));
    }

    private ClusterProcess queryApi(int index) {
        List<String> args = new ArrayList<>(List.of(
                "http.port=" + apiPorts.get(index - 1),
                "streams.state.dir=" + layout.dataDir().resolve("streams-" + index),
                "streams.standby.replicas=" + (layout.apis() > 1 ? 1 : 0),
                "security.bootstrap.admin.key=" + ADMIN_KEY,
                "security.internal.token=" + INTERNAL_TOKEN,
                "ops.jdbc.url=" + postgres.primaryJdbcUrl(),
                "ops.jdbc.user=" + postgres.user(),
                "ops.jdbc.password=" + postgres.password(),
                "ops.replica.jdbc.url=" + postgres.replicaJdbcUrl(),
                "ops.replica.enabled=true",
                "ingest.heartbeat.missed=3",
                // a killed instance's Streams tasks move (to their standby copies) once its session times out:
                // 10 s instead of the 45 s default, so that reads are answered by the others within 15 s
                "kafka.session.timeout.ms=10000"));
        return service("query-api-" + index, QueryApiMain.class.getName(), args, commonEnv(),
                line -> line.contains("query-api started on port"));
    }

    private ClusterProcess service(String name, String mainClass, List<String> args, Map<String, String> env,
                                   java.util.function.Predicate<String> readyLine) {
        return new ClusterProcess(name, logDir(), null, mainClass, args, env, SERVICE_HEAP, readyLine, READY_TIMEOUT);
    }

    /** Every part's output, one file each. */
    public java.nio.file.Path logDir() {
        return layout.dataDir().resolve("logs");
    }

    private Map<String, String> commonEnv() {
        return Map.of("PVSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PVSTREAM_TOPIC_PARTITIONS", Integer.toString(PARTITIONS),
                "PVSTREAM_TOPIC_REPLICATION", Short.toString(KafkaQuorum.REPLICATION));
    }

    /** SIM:PV00001..N, the PVs every ingest shares. */
    public List<String> pvNames() {
        return IntStream.rangeClosed(1, layout.pvs()).mapToObj(i -> String.format("SIM:PV%05d", i)).toList();
    }

    public String iocAddress() {
        return "127.0.0.1:" + iocPort;
    }

    public ClusterLayout layout() {
        return layout;
    }

    public KafkaQuorum kafka() {
        return kafka;
    }

    public PostgresCluster postgres() {
        return postgres;
    }

    public ClusterProcess ioc() {
        return ioc;
    }

    public List<ClusterProcess> connectWorkers() {
        return List.copyOf(connect);
    }

    /** The Connect REST address of worker {@code index} (0-based). */
    public String connectRestUrl(int index) {
        return connect.get(index).readyLine().substring(ConnectWorkerMain.READY_PREFIX.length()).strip()
                .replaceAll("/+$", "");
    }

    public List<ClusterProcess> ingests() {
        return List.copyOf(ingests);
    }

    public List<ClusterProcess> apis() {
        return List.copyOf(apis);
    }

    public List<Integer> apiPorts() {
        return List.copyOf(apiPorts);
    }

    /** Where each part is, for the console. */
    public String describe() {
        StringBuilder out = new StringBuilder("pvstream cluster is up:\n");
        out.append("  Kafka (3 KRaft nodes)  ").append(kafka.bootstrapServers()).append('\n');
        out.append("  PostgreSQL primary     ").append(postgres.primaryJdbcUrl()).append('\n');
        out.append("  PostgreSQL replica     ").append(postgres.replicaJdbcUrl()).append('\n');
        for (int i = 0; i < connect.size(); i++) {
            out.append("  Connect worker ").append(i + 1).append("       ").append(connectRestUrl(i)).append('\n');
        }
        out.append("  Simulated IOC (CA)     ").append(iocAddress()).append("  (").append(layout.pvs()).append(" PVs @ ")
                .append(layout.rateHz()).append(" Hz)\n");
        out.append("  ingest instances       ").append(ingests.size()).append('\n');
        apiPorts.forEach(port -> out.append("  query-api              http://127.0.0.1:").append(port)
                .append("/api/v1/health\n"));
        out.append("  admin API key          ").append(ADMIN_KEY).append('\n');
        out.append("  logs                   ").append(logDir()).append('\n');
        return out.toString();
    }

    private <T extends AutoCloseable> T track(T part) {
        synchronized (started) {
            started.add(0, part);
        }
        return part;
    }

    /**
     * Stops every part: the services at once (each may take its time to leave its groups), then PostgreSQL, then
     * the brokers.
     */
    @Override
    public void close() {
        List<AutoCloseable> parts;
        synchronized (started) {
            parts = new ArrayList<>(started);
            started.clear();
        }
        ClusterProcess.closeAtOnce(parts.stream().filter(ClusterProcess.class::isInstance)
                .map(ClusterProcess.class::cast).toList());
        parts.stream().filter(part -> !(part instanceof ClusterProcess)).forEach(LocalCluster::stop);
    }

    private static void stop(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            log.warn("error while stopping {}: {}", part, e.toString());
        }
    }
}
