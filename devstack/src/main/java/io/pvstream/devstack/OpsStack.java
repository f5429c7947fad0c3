package io.pvstream.devstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.query.ops.OpsMigrations;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;

/**
 * The operations-records infrastructure: a PostgreSQL primary with a streaming replica, the schema
 * migrated, and a Connect worker (child process) running the JDBC sink and the Debezium source.
 * Started after the broker; {@link #serviceOverrides()} tells the query API where it all is.
 */
public final class OpsStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsStack.class);

    private final PostgresCluster postgres;
    private final ConnectProcess connect;

    private OpsStack(PostgresCluster postgres, ConnectProcess connect) {
        this.postgres = postgres;
        this.connect = connect;
    }

    /**
     * @param dataDir    where PostgreSQL keeps its clusters (reused on the next start)
     * @param kafkaProps the Kafka settings every service uses (bootstrap servers, topic layout)
     */
    public static OpsStack start(Path dataDir, Map<String, Object> kafkaProps) {
        PostgresCluster postgres = PostgresCluster.start(dataDir, true);
        try {
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
            ConnectProcess connect = ConnectProcess.start(env);
            log.info("Connect worker with the ops connectors running at {} ({} ms)", connect.restUrl(),
                    (System.nanoTime() - started) / 1_000_000);
            return new OpsStack(postgres, connect);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
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

    @Override
    public void close() {
        try {
            connect.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            postgres.close();
        }
    }

    /** Kafka settings shared with the Connect worker. */
    static Map<String, Object> kafkaProps(String bootstrapServers, int partitions, short replication) {
        return Map.of(CommonConfig.BOOTSTRAP_SERVERS, bootstrapServers,
                CommonConfig.TOPIC_PARTITIONS, partitions,
                CommonConfig.TOPIC_REPLICATION, replication);
    }
}
