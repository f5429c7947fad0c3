package io.pvstream.records.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pvstream.records.db.ConfirmedSource;

/**
 * Connection pools to the operations database: the primary and, optionally, a streaming replica. Reads go to
 * the replica when there is one (what it has is confirmed end to end) and fall back to the primary when it
 * cannot answer. Pools start empty and connect on demand, so query-api starts (and buffers writes) while
 * PostgreSQL is down.
 *
 * <p>A server that refused a connection is skipped for a cool-down, so that while it is down a read fails in
 * microseconds instead of waiting for the connection timeout on every request. Messages of
 * {@link DatabaseUnavailableException} name the server role and SQLState only: never a URL or credentials.
 */
public final class OpsDatabase implements AutoCloseable {

    /** A read run in one read-only, repeatable-read transaction (one consistent snapshot). */
    @FunctionalInterface
    public interface SqlRead<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** A value and where it was read. */
    public record Read<T>(T value, ConfirmedSource source) {
    }

    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    private static final int POOL_SIZE = 8;

    private final Pool primary;
    private final Pool replica;

    private OpsDatabase(Pool primary, Pool replica) {
        this.primary = primary;
        this.replica = replica;
    }

    /**
     * @param primaryUrl JDBC URL of the primary; empty = no database (every read is unavailable)
     * @param replicaUrl JDBC URL of a replica, same credentials; empty = none
     * @param timeout    how long getting a connection may take (at least 250 ms)
     */
    public static OpsDatabase connect(String primaryUrl, String replicaUrl, String user, String password,
                                      Duration timeout) {
        if (primaryUrl.isBlank()) {
            return new OpsDatabase(null, null);
        }
        Pool replica = replicaUrl.isBlank() ? null : new Pool("replica",
                dataSource("pvstream-ops-replica", replicaUrl, user, password, timeout), timeout);
        return new OpsDatabase(new Pool("primary", dataSource("pvstream-ops-primary", primaryUrl, user, password,
                timeout), timeout), replica);
    }

    public boolean configured() {
        return primary != null;
    }

    public boolean hasReplica() {
        return replica != null;
    }

    public Optional<DataSource> primaryDataSource() {
        return Optional.ofNullable(primary).map(Pool::dataSource);
    }

    public Optional<DataSource> replicaDataSource() {
        return Optional.ofNullable(replica).map(Pool::dataSource);
    }

    /** Runs {@code read} on the replica, else the primary; {@link DatabaseUnavailableException} if neither answers. */
    public <T> Read<T> read(SqlRead<T> read) {
        if (primary == null) {
            throw new DatabaseUnavailableException("no operations database is configured (ops.jdbc.url is empty)");
        }
        String replicaProblem = "";
        if (replica != null) {
            try {
                return new Read<>(replica.run(read), ConfirmedSource.REPLICA);
            } catch (SQLException e) {
                replicaProblem = replica.describe(e) + ", ";
            }
        }
        try {
            return new Read<>(primary.run(read), ConfirmedSource.PRIMARY);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("the operations database cannot answer (" + replicaProblem
                    + primary.describe(e) + ")", e);
        }
    }

    @Override
    public void close() {
        if (replica != null) {
            replica.dataSource().close();
        }
        if (primary != null) {
            primary.dataSource().close();
        }
    }

    private static HikariDataSource dataSource(String name, String url, String user, String password,
                                               Duration timeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1); // start without the database
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(timeout.toMillis(), 5_000)));
        config.setReadOnly(true);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        config.addDataSourceProperty("ApplicationName", "pvstream-query-api");
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        return new HikariDataSource(config);
    }

    /** One pool and its cool-down after a refused connection. */
    private static final class Pool {
        private final String role;
        private final HikariDataSource dataSource;
        private final long coolDownNanos;
        private volatile long skipUntilNanos;
        private volatile boolean skipping;

        Pool(String role, HikariDataSource dataSource, Duration timeout) {
            this.role = role;
            this.dataSource = dataSource;
            this.coolDownNanos = Math.max(1_000, timeout.toMillis() * 2) * 1_000_000L;
        }

        HikariDataSource dataSource() {
            return dataSource;
        }

        <T> T run(SqlRead<T> read) throws SQLException {
            if (skipping && System.nanoTime() - skipUntilNanos < 0) {
                throw new SQLTransientConnectionException(role + " refused connections a moment ago", "08001");
            }
            try (Connection connection = dataSource.getConnection()) {
                try {
                    T value = read.apply(connection);
                    connection.commit();
                    skipping = false;
                    return value;
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (isConnectionFailure(e)) {
                    skipUntilNanos = System.nanoTime() + coolDownNanos;
                    skipping = true;
                }
                throw e;
            }
        }

        String describe(SQLException e) {
            String state = e.getSQLState() == null ? "no SQLState" : "SQLState " + e.getSQLState();
            if ("42P01".equals(e.getSQLState())) {
                return role + ": the operations tables do not exist yet (migrations pending)";
            }
            return role + ": " + (isConnectionFailure(e) ? "unreachable" : "query failed") + ", " + state;
        }

        private static boolean isConnectionFailure(SQLException e) {
            String state = e.getSQLState();
            return e instanceof SQLTransientConnectionException
                    || state != null && (state.startsWith("08") || state.startsWith("57P"));
        }
    }
}
