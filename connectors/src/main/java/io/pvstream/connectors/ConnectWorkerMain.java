package io.pvstream.connectors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;

import io.pvstream.schemas.ReplicationCheck;
import io.pvstream.schemas.TopicLayout;
import io.pvstream.schemas.config.CommonConfig;

/**
 * The pvstream Connect worker in a JVM of its own, on this module's classpath
 * ({@code connectors/target/classes} + {@code connectors/target/classpath.txt}). When
 * {@code ops.jdbc.url} is set it registers the operations connectors (and the archive sink), waits until they run, drops
 * replication slots earlier sources left behind ({@link ReplicationSlotCleanup}), and supervises the
 * connectors ({@link ConnectorSupervisor}).
 *
 * <p>Why a JVM of its own: Connect 4.1's REST server is Jetty 12, Javalin 6 (query-api) is Jetty 11;
 * both on one classpath fail ({@code NoClassDefFoundError: org/eclipse/jetty/io/Content$Source}).
 *
 * <pre>java -cp ... io.pvstream.connectors.ConnectWorkerMain [key=value ...]</pre>
 * Keys are {@link ConnectConfig}'s (also from {@code PVSTREAM_*}); unknown {@code key=value}
 * arguments are passed to the worker as worker properties. Prints {@value #READY_PREFIX}{@code <rest url>}
 * once the worker and its connectors run; SIGTERM stops it, within {@link #STOP_BOUND} (then it halts: a
 * worker whose broker is gone can retry for a minute or more while stopping).
 *
 * <p>Started by another process (the dev platform), it is given that process's pid as the system property
 * {@value #PARENT_PID_PROPERTY} and stops when that process ends, even by SIGKILL, which runs no shutdown
 * hook that could stop it.
 */
public final class ConnectWorkerMain {

    public static final String READY_PREFIX = "pvstream-connect ready at ";
    private static final String LOGBACK_CONFIG = "logback.configurationFile";
    /** System property: the pid of the process whose end stops this worker. */
    public static final String PARENT_PID_PROPERTY = "pvstream.parent.pid";
    private static final Duration CONNECTOR_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_BOUND = Duration.ofSeconds(10);
    private static final Duration ORPHAN_STOP_BOUND = Duration.ofSeconds(3);
    private static final Duration PARENT_CHECK_INTERVAL = Duration.ofMillis(250);
    /** {@link #STOP_BOUND}, or {@link #ORPHAN_STOP_BOUND} once the parent is gone. */
    private static volatile Duration stopBound = STOP_BOUND;

    private ConnectWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // before the first logger exists: Connect at INFO is a page per second
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "logback-connect-worker.xml");
        }
        // the hook first: Connect's own shutdown hook, there as soon as the worker starts, may wait on a broker
        // that is gone, and only this one bounds the stop
        AtomicReference<AutoCloseable> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            haltAfterStopBound();
            AutoCloseable worker = running.get();
            if (worker != null) {
                try {
                    worker.close();
                } catch (Exception e) {
                    System.err.println("pvstream-connect: error while stopping: " + e);
                }
            }
            stopped.countDown();
        }, "connect-worker-main-shutdown"));
        exitWhenParentEnds(System.getProperty(PARENT_PID_PROPERTY));
        Map<String, String> arguments = keyValues(args);
        Map<String, String> workerProps = new HashMap<>(arguments);
        ConnectConfig.DEFINITION.names().forEach(workerProps::remove);
        ConnectConfig config = ConnectConfig.load(System.getenv(), arguments);
        // kafka.* (e.g. SASL/SSL) reach the worker and its connectors' clients as every other service's clients
        ConnectWorkerProperties.kafkaPassThrough(CommonConfig.kafkaClientProps(config)).forEach(workerProps::putIfAbsent);

        int port = config.getInt(ConnectConfig.REST_PORT);
        workerProps.putIfAbsent("group.id", config.getString(ConnectConfig.GROUP_ID));
        workerProps.putIfAbsent("listeners", "http://" + config.getString(ConnectConfig.REST_HOST) + ":" + port);
        workerProps.putIfAbsent("rest.advertised.host.name", config.restAdvertisedHost());
        // the worker's own topics (connector configs, source offsets, statuses) are replicated like ours
        String replication = Short.toString(config.getShort(CommonConfig.TOPIC_REPLICATION));
        for (String store : new String[] {"config", "offset", "status"}) {
            workerProps.putIfAbsent(store + ".storage.replication.factor", replication);
        }
        requireReplicas(config);
        String pluginsDir = config.getString(ConnectConfig.PLUGINS_DIR);
        Path pluginPath = pluginsDir.isBlank() ? ConnectPlugins.defaultDir() : Path.of(pluginsDir);

        ConnectWorker worker = ConnectWorker.start(config.getString(CommonConfig.BOOTSTRAP_SERVERS), pluginPath, workerProps);
        running.set(worker);
        ConnectorSupervisor supervisor = registerOpsConnectors(config, worker);
        if (supervisor != null) {
            running.set(() -> {
                supervisor.close();
                worker.close();
            });
        }
        System.out.println(READY_PREFIX + worker.restUrl());
        System.out.flush();
        stopped.await();
    }

    /**
     * Exits (shutdown hook included) once the process {@code parentPid} ends, with the short
     * {@link #ORPHAN_STOP_BOUND}: in dev the broker lived in that process, and a stop would only retry.
     *
     * <p>Checked by this process's own parent pid, every {@link #PARENT_CHECK_INTERVAL}: the kernel re-parents
     * a child (to init or a subreaper) the moment its parent dies, whereas {@link ProcessHandle#onExit()} of a
     * process that is not our child polls with growing pauses and takes an unreaped (zombie) parent for alive.
     * The pid is passed, not taken from {@link ProcessHandle#parent()} here: a parent that died before this
     * line would go unnoticed.
     */
    static void exitWhenParentEnds(String parentPid) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        long expected = Long.parseLong(parentPid.strip());
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "connect-worker-parent-check");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(() -> {
            if (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) != expected) {
                System.err.println("pvstream-connect: parent process " + expected + " ended: stopping");
                stopBound = ORPHAN_STOP_BOUND;
                checker.shutdown();
                System.exit(0); // returns never; the executor's thread is a daemon, so exit does not wait for it
            }
        }, 0, PARENT_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Halts the JVM if it still runs {@link #stopBound} from now. Not tied to this class's own hook: Connect
     * registers a shutdown hook of its own, which can wait on a broker that is gone long after ours is done.
     */
    private static void haltAfterStopBound() {
        Duration bound = stopBound;
        Thread guard = new Thread(() -> {
            try {
                Thread.sleep(bound.toMillis()); // a deadline, not a wait for anything
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("pvstream-connect: not stopped within " + bound + ": halting");
            Runtime.getRuntime().halt(1);
        }, "connect-worker-stop-bound");
        guard.setDaemon(true);
        guard.start();
    }

    /** Exits with the reason when the cluster has fewer brokers than the configured replication factor. */
    private static void requireReplicas(ConnectConfig config) {
        try (Admin admin = Admin.create(CommonConfig.kafkaClientProps(config))) {
            ReplicationCheck.requireBrokers(admin, TopicLayout.of(config));
        } catch (ReplicationCheck.ClusterTooSmallException e) {
            System.err.println("pvstream-connect: refusing to start: " + e.getMessage());
            System.exit(2);
        }
    }

    private static ConnectorSupervisor registerOpsConnectors(ConnectConfig config, ConnectWorker worker) {
        if (config.getString(ConnectConfig.OPS_JDBC_URL).isBlank()) {
            return null;
        }
        Map<String, Map<String, String>> connectors = new java.util.LinkedHashMap<>(OpsConnectors.configs(config));
        connectors.putAll(ArchiveConnectors.configs(config)); // the archive lives in the ops database
        connectors.forEach(worker::register);
        connectors.keySet().forEach(name -> worker.awaitRunning(name, CONNECTOR_START_TIMEOUT));
        if (!connectors.containsKey(ArchiveConnectors.SINK)) {
            worker.delete(ArchiveConnectors.SINK); // turned off since an earlier run: Connect would keep running it
        }
        // only now: the configured source holds its own slot, so what is inactive is left over
        ReplicationSlotCleanup.runConfigured(config);
        ConnectorSupervisor supervisor = new ConnectorSupervisor(worker, new ArrayList<>(connectors.keySet()),
                Duration.ofMillis(config.getLong(ConnectConfig.SUPERVISE_INTERVAL_MS)));
        supervisor.start();
        return supervisor;
    }

    static Map<String, String> keyValues(String[] args) {
        Map<String, String> props = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments must be key=value: " + arg);
            }
            props.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return props;
    }
}
