package io.pvstream.devstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.records.db.OpsMigrations;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;

/**
 * The operations-records infrastructure: a PostgreSQL primary with a streaming replica, the schema
 * migrated, and a Connect worker (child process) running the JDBC sink and the Debezium source.
 * Started after the broker; {@link #serviceOverrides()} tells the query API where it all is.
 *
 * <p>{@link #close()} may come from another thread at any moment of {@link #start()} (a shutdown hook):
 * each server and the worker is registered before it is launched, and refuses to launch once closed.
 */
public final class OpsStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsStack.class);

    private final Path dataDir;
    private final Map<String, Object> kafkaProps;
    private final int backgroundNiceness;
    private final StartedParts parts = new StartedParts();
    private volatile PostgresCluster postgres;
    private volatile ConnectProcess connect;

    /**
     * Nothing runs until {@link #start()}.
     *
     * @param dataDir    where PostgreSQL keeps its clusters (reused on the next start)
     * @param kafkaProps the Kafka settings every service uses (bootstrap servers, topic layout)
     * @param backgroundNiceness the niceness PostgreSQL and the worker run at ({@link BackgroundPriority}; 0 = as
     *                           this JVM)
     */
    OpsStack(Path dataDir, Map<String, Object> kafkaProps, int backgroundNiceness) {
        this.dataDir = dataDir;
        this.kafkaProps = Map.copyOf(kafkaProps);
        this.backgroundNiceness = backgroundNiceness;
    }

    /** Creates and starts it; on failure stops what was started and rethrows. */
    public static OpsStack start(Path dataDir, Map<String, Object> kafkaProps) {
        OpsStack ops = new OpsStack(dataDir, kafkaProps, 0);
        try {
            ops.start();
            return ops;
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
    }

    /** Starts PostgreSQL, migrates, starts the Connect worker and returns once its connectors run. */
    void start() {
        postgres = parts.add(PostgresCluster.create(dataDir, true));
        postgres.startServers();
        postgres.postmasterPids().forEach(pid -> BackgroundPriority.lower("PostgreSQL", pid, backgroundNiceness));
        // tables first: the JDBC sink must never see a record before its table exists
        OpsMigrations.migrate(postgres.primaryJdbcUrl(), postgres.user(), postgres.password());
        Map<String, String> env = new HashMap<>();
        kafkaProps.forEach((key, value) -> env.put(ConfigLoader.envName(key), value.toString()));
        env.put(ConfigLoader.envName("ops.jdbc.url"), postgres.primaryJdbcUrl());
        env.put(ConfigLoader.envName("ops.jdbc.user"), postgres.user());
        env.put(ConfigLoader.envName("ops.jdbc.password"), postgres.password());
        // The slot is never dropped on stop, not even for throw-away clusters: a source task restarted
        // during a database outage would otherwise get a new slot that starts after its stored offset.
        env.put(ConfigLoader.envName("ops.cdc.slot.drop"), "false");
        long started = System.nanoTime();
        connect = parts.add(new ConnectProcess(env));
        connect.launch();
        BackgroundPriority.lower("the Connect worker", connect.pid(), backgroundNiceness);
        log.info("Connect worker with the ops connectors running at {} ({} ms)", connect.restUrl(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** What the query API (and the Streams app it embeds) must know about the operations database. */
    public Map<String, Object> serviceOverrides() {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("ops.jdbc.url", postgres.primaryJdbcUrl());
        overrides.put("ops.jdbc.user", postgres.user());
        overrides.put("ops.jdbc.password", postgres.password());
        overrides.put("ops.replica.jdbc.url", postgres.replicaJdbcUrl());
        overrides.put("ops.replica.enabled", true);
        return overrides;
    }

    public PostgresCluster postgres() {
        return postgres;
    }

    public ConnectProcess connect() {
        return connect;
    }

    /** For the console: where each part listens. */
    public Map<String, String> addresses() {
        return Map.of(
                "PostgreSQL primary", postgres.primaryJdbcUrl(),
                "PostgreSQL replica", postgres.replicaJdbcUrl(),
                "Kafka Connect (REST)", connect.restUrl());
    }

    /** Stops the Connect worker, then PostgreSQL (each within a bound), whatever point start-up had reached. */
    @Override
    public void close() {
        parts.close();
    }

    /** Kafka settings shared with the Connect worker. */
    static Map<String, Object> kafkaProps(String bootstrapServers, int partitions, short replication) {
        return Map.of(CommonConfig.BOOTSTRAP_SERVERS, bootstrapServers,
                CommonConfig.TOPIC_PARTITIONS, partitions,
                CommonConfig.TOPIC_REPLICATION, replication);
    }
}
