package io.pvstream.devstack.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.devstack.FreePorts;

/**
 * A real PostgreSQL primary and, optionally, a hot-standby replica that streams from it: the
 * database side of operations records, for tests and {@code ./pvstream dev}. Both listen on
 * 127.0.0.1 only, on free ports picked at start, with trust authentication.
 *
 * <p>Layout of {@code dataDir}: {@code primary/} and {@code replica/} (the data directories),
 * {@code primary.log} and {@code replica.log} (server logs; their last lines are in every
 * start/stop error), and {@code commands.log} (every initdb/pg_ctl/pg_basebackup run and its output).
 * A second start on the same {@code dataDir} reuses both data directories and their data; only
 * the ports change.
 *
 * <p>The primary has {@code wal_level=logical} (Debezium's pgoutput), replication slots and WAL
 * senders, {@code fsync=off} (disposable data) but {@code synchronous_commit=on}, so that a
 * committed row is promptly visible in the replica's {@code pg_last_wal_replay_lsn()}. It holds the
 * database {@value #DATABASE} owned by the role {@value #USER} (password {@value #PASSWORD}, with
 * REPLICATION so the Debezium source can open a replication slot).
 *
 * <p>When the JVM runs as root, the servers run as the {@code postgres} OS user: {@code dataDir}
 * is handed to that user and each of its parent directories is given {@code o+x} if it lacks it
 * (logged), so that {@code postgres} can reach it, e.g. in a {@code @TempDir} or under /root.
 *
 * <p>The servers are separate processes: {@link #close()} stops them (and a shutdown hook does, if
 * the JVM exits first; a watchdog process does if the JVM is killed). {@link #close()} may come from another
 * thread while {@link #startServers()} runs: it waits for the server being started, stops it, and no server
 * starts after it. A server left running anyway (say, its watchdog was killed too) is stopped by the next
 * start on the same {@code dataDir}.
 */
public final class PostgresCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);
    public static final String DATABASE = "pvstream";
    public static final String USER = "pvstream";
    public static final String PASSWORD = "pvstream";

    private final Path clusterDir;
    private final DataDirectories dataDirectories;
    private final PostgresServer primary;
    private final PostgresServer replica;
    private final Thread shutdownHook;
    private boolean closed;

    private PostgresCluster(Path clusterDir, DataDirectories dataDirectories, PostgresServer primary,
                            PostgresServer replica) {
        this.clusterDir = clusterDir;
        this.dataDirectories = dataDirectories;
        this.primary = primary;
        this.replica = replica;
        this.shutdownHook = new Thread(this::close, "postgres-cluster-shutdown");
    }

    /**
     * Initializes {@code dataDir} on first use, starts the primary (and the replica) and returns
     * once each accepts connections and the database and user exist.
     */
    public static PostgresCluster start(Path dataDir, boolean withReplica) {
        PostgresCluster cluster = create(dataDir, withReplica);
        try {
            cluster.startServers();
            return cluster;
        } catch (RuntimeException e) {
            try {
                cluster.close();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    /**
     * Picks the ports and registers the shutdown hook; nothing runs until {@link #startServers()}, so that
     * whoever stops it knows it before any server process exists.
     */
    public static PostgresCluster create(Path dataDir, boolean withReplica) {
        Path clusterDir = dataDir.toAbsolutePath();
        PostgresOsUser user = PostgresOsUser.forThisJvm();
        user.prepareClusterDir(clusterDir);
        PostgresCommands commands = new PostgresCommands(PostgresBinaries.binDir(), user, clusterDir);
        int primaryPort = FreePorts.pick();
        PostgresServer primary = new PostgresServer("primary", clusterDir.resolve("primary"), primaryPort,
                PostgresSettings.primary(primaryPort), commands, user);
        PostgresServer replica = null;
        if (withReplica) {
            int replicaPort = FreePorts.pick();
            replica = new PostgresServer("replica", clusterDir.resolve("replica"), replicaPort,
                    PostgresSettings.replica(replicaPort, primaryPort), commands, user);
        }
        PostgresCluster cluster = new PostgresCluster(clusterDir, new DataDirectories(commands, user), primary, replica);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        return cluster;
    }

    /**
     * Initializes the data directories on first use, starts the primary (and the replica) and returns once
     * each accepts connections and the database and user exist. On failure the caller closes the cluster.
     *
     * @throws IllegalStateException also when {@link #close()} came first
     */
    public void startServers() {
        long startNanos = System.nanoTime();
        if (replica != null) {
            replica.stopLeftoverServer(); // first: a primary being stopped waits for its connected standbys
        }
        Path primaryData = clusterDir.resolve("primary");
        if (!DataDirectories.isInitialized(primaryData)) {
            dataDirectories.initPrimary(primaryData);
        }
        primary.start();
        createUserAndDatabase(primary);
        if (replica != null) {
            Path replicaData = clusterDir.resolve("replica");
            if (!DataDirectories.isInitialized(replicaData)) {
                dataDirectories.cloneReplica(replicaData, primary.port());
            }
            replica.start();
        }
        log.info("PostgreSQL cluster in {} ready in {} ms: primary {}, replica {}", clusterDir,
                (System.nanoTime() - startNanos) / 1_000_000, primaryJdbcUrl(), replicaJdbcUrl());
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/pvstream} on the primary. */
    public String primaryJdbcUrl() {
        return primary.jdbcUrl(DATABASE);
    }

    /** The same database on the read-only replica, or null when started without one. */
    public String replicaJdbcUrl() {
        return replica == null ? null : replica.jdbcUrl(DATABASE);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** The postmaster of each running server (the parent of its backends). */
    public java.util.List<Long> postmasterPids() {
        return replica == null ? java.util.List.of(primary.postmasterPid())
                : java.util.List.of(primary.postmasterPid(), replica.postmasterPid());
    }

    public int primaryPort() {
        return primary.port();
    }

    /** The replica's port, or -1 when started without one. */
    public int replicaPort() {
        return replica == null ? -1 : replica.port();
    }

    /**
     * Stops the primary (fast shutdown: open connections are cut), as an outage would. The
     * replica keeps running and serves reads; it reconnects once {@link #startPrimary()} runs.
     */
    public void stopPrimary() {
        primary.stop();
    }

    /** Starts the primary again: same data, same port. */
    public void startPrimary() {
        primary.start();
    }

    /**
     * Stops the replica, then the primary, for good; returns once no server process of this cluster is left,
     * also when a server was being started meanwhile.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself, or the JVM is exiting: stop the servers here all the same
        }
        stopServers();
    }

    private void stopServers() {
        // replica first: a primary with a connected standby waits for it to receive the shutdown checkpoint
        List<RuntimeException> failures = new ArrayList<>();
        for (PostgresServer server : replica == null ? List.of(primary) : List.of(replica, primary)) {
            try {
                server.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("PostgreSQL cluster did not stop cleanly");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** Idempotent: on a reused data directory the role and database already exist. */
    private static void createUserAndDatabase(PostgresServer primary) {
        try (Connection connection = DriverManager.getConnection(primary.jdbcUrl("postgres"), "postgres", "");
             Statement sql = connection.createStatement()) {
            if (!exists(sql, "SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                sql.execute("CREATE ROLE " + USER + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(sql, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create role and database " + DATABASE + " on the primary", e);
        }
    }

    private static boolean exists(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            return rows.next();
        }
    }
}
