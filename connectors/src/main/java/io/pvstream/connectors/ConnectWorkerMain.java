package io.pvstream.connectors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
 * once the worker and its connectors run; SIGTERM stops it.
 */
public final class ConnectWorkerMain {

    public static final String READY_PREFIX = "pvstream-connect ready at ";
    private static final String LOGBACK_CONFIG = "logback.configurationFile";
    private static final Duration CONNECTOR_START_TIMEOUT = Duration.ofSeconds(90);

    private ConnectWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // before the first logger exists: Connect at INFO is a page per second
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "logback-connect-worker.xml");
        }
        Map<String, String> arguments = keyValues(args);
        Map<String, String> workerProps = new HashMap<>(arguments);
        ConnectConfig.DEFINITION.names().forEach(workerProps::remove);
        ConnectConfig config = ConnectConfig.load(System.getenv(), arguments);
        // kafka.* (e.g. SASL/SSL) reach the worker and its connectors' clients as every other service's clients
        ConnectWorkerProperties.kafkaPassThrough(CommonConfig.kafkaClientProps(config)).forEach(workerProps::putIfAbsent);

        int port = config.getInt(ConnectConfig.REST_PORT);
        workerProps.putIfAbsent("group.id", config.getString(ConnectConfig.GROUP_ID));
        workerProps.putIfAbsent("listeners", "http://127.0.0.1:" + port);
        String pluginsDir = config.getString(ConnectConfig.PLUGINS_DIR);
        Path pluginPath = pluginsDir.isBlank() ? ConnectPlugins.defaultDir() : Path.of(pluginsDir);

        ConnectWorker worker = ConnectWorker.start(config.getString(CommonConfig.BOOTSTRAP_SERVERS), pluginPath, workerProps);
        ConnectorSupervisor supervisor = registerOpsConnectors(config, worker);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (supervisor != null) {
                supervisor.close();
            }
            worker.close();
            stopped.countDown();
        }, "connect-worker-main-shutdown"));
        System.out.println(READY_PREFIX + worker.restUrl());
        System.out.flush();
        stopped.await();
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
