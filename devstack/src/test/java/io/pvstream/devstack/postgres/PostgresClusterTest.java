package io.pvstream.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real PostgreSQL servers: initdb, a streaming replica, an outage of the primary, a restart on the same data. */
class PostgresClusterTest {

    private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path tempDir;

    @Test
    void aRowCommittedOnThePrimaryIsReplayedOnTheReplica() throws SQLException {
        Path dataDir = tempDir.resolve("pg");
        try (PostgresCluster pg = PostgresCluster.start(dataDir, true)) {
            assertThat(pg.primaryJdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + pg.primaryPort() + "/");
            assertThat(pg.replicaJdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + pg.replicaPort() + "/");

            execute(pg, pg.primaryJdbcUrl(), "CREATE TABLE ops_record (id bigint PRIMARY KEY, note text)");
            execute(pg, pg.primaryJdbcUrl(), "INSERT INTO ops_record VALUES (1, 'first')");
            String committedLsn = queryString(pg, pg.primaryJdbcUrl(), "SELECT pg_current_wal_lsn()::text");

            await().atMost(REPLICATION_TIMEOUT).untilAsserted(() ->
                    assertThat(queryString(pg, pg.replicaJdbcUrl(), "SELECT note FROM ops_record WHERE id = 1"))
                            .isEqualTo("first"));
            assertThat(queryString(pg, pg.replicaJdbcUrl(),
                    "SELECT (pg_last_wal_replay_lsn() >= '" + committedLsn + "'::pg_lsn)::text")).isEqualTo("true");
        }
        assertNoServerLeftIn(dataDir);
    }

    @Test
    void thePrimaryComesBackOnTheSamePortWithItsDataAndTheReplicaFollowsAgain() throws SQLException {
        Path dataDir = tempDir.resolve("pg");
        try (PostgresCluster pg = PostgresCluster.start(dataDir, true)) {
            int port = pg.primaryPort();
            execute(pg, pg.primaryJdbcUrl(), "CREATE TABLE ops_record (id bigint PRIMARY KEY, note text)");
            execute(pg, pg.primaryJdbcUrl(), "INSERT INTO ops_record VALUES (1, 'before the outage')");

            pg.stopPrimary();
            assertThatThrownBy(() -> queryString(pg, pg.primaryJdbcUrl(), "SELECT 1")).isInstanceOf(SQLException.class);
            assertThat(queryString(pg, pg.replicaJdbcUrl(), "SELECT note FROM ops_record WHERE id = 1"))
                    .as("the replica keeps serving reads during the outage").isEqualTo("before the outage");

            pg.startPrimary();
            assertThat(pg.primaryPort()).isEqualTo(port);
            assertThat(queryString(pg, pg.primaryJdbcUrl(), "SELECT note FROM ops_record WHERE id = 1"))
                    .isEqualTo("before the outage");
            execute(pg, pg.primaryJdbcUrl(), "INSERT INTO ops_record VALUES (2, 'after the outage')");
            await().atMost(REPLICATION_TIMEOUT).untilAsserted(() ->
                    assertThat(queryString(pg, pg.replicaJdbcUrl(), "SELECT note FROM ops_record WHERE id = 2"))
                            .isEqualTo("after the outage"));
        }
        assertNoServerLeftIn(dataDir);
    }

    @Test
    void aSecondStartOnTheSameDirectoryKeepsTheData() throws SQLException {
        Path dataDir = tempDir.resolve("pg");
        try (PostgresCluster pg = PostgresCluster.start(dataDir, true)) {
            execute(pg, pg.primaryJdbcUrl(), "CREATE TABLE ops_record (id bigint PRIMARY KEY, note text)");
            execute(pg, pg.primaryJdbcUrl(), "INSERT INTO ops_record VALUES (1, 'kept')");
        }
        try (PostgresCluster pg = PostgresCluster.start(dataDir, true)) {
            assertThat(queryString(pg, pg.primaryJdbcUrl(), "SELECT note FROM ops_record WHERE id = 1")).isEqualTo("kept");
            execute(pg, pg.primaryJdbcUrl(), "INSERT INTO ops_record VALUES (2, 'streamed after restart')");
            await().atMost(REPLICATION_TIMEOUT).untilAsserted(() ->
                    assertThat(queryString(pg, pg.replicaJdbcUrl(), "SELECT count(*)::text FROM ops_record"))
                            .isEqualTo("2"));
        }
        assertNoServerLeftIn(dataDir);
    }

    @Test
    void serversLeftRunningByAnEarlierRunAreStoppedAndTheirDataReused() throws SQLException {
        Path dataDir = tempDir.resolve("pg");
        PostgresCluster abandoned = PostgresCluster.start(dataDir, true); // as if its JVM had been killed
        execute(abandoned, abandoned.primaryJdbcUrl(), "CREATE TABLE ops_record (id bigint PRIMARY KEY, note text)");
        execute(abandoned, abandoned.primaryJdbcUrl(), "INSERT INTO ops_record VALUES (1, 'from the earlier run')");

        try (PostgresCluster pg = PostgresCluster.start(dataDir, true)) {
            assertThat(queryString(pg, pg.primaryJdbcUrl(), "SELECT note FROM ops_record WHERE id = 1"))
                    .isEqualTo("from the earlier run");
            await().atMost(REPLICATION_TIMEOUT).untilAsserted(() ->
                    assertThat(queryString(pg, pg.replicaJdbcUrl(), "SELECT note FROM ops_record WHERE id = 1"))
                            .isEqualTo("from the earlier run"));
        }
        abandoned.close(); // its servers are already gone: nothing to do
        assertNoServerLeftIn(dataDir);
    }

    @Test
    void withoutAReplicaThereIsNoReplicaUrl() throws SQLException {
        Path dataDir = tempDir.resolve("pg");
        try (PostgresCluster pg = PostgresCluster.start(dataDir, false)) {
            assertThat(pg.replicaJdbcUrl()).isNull();
            assertThat(pg.replicaPort()).isEqualTo(-1);
            assertThat(queryString(pg, pg.primaryJdbcUrl(), "SHOW wal_level")).isEqualTo("logical");
            assertThat(queryString(pg, pg.primaryJdbcUrl(), "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(queryString(pg, pg.primaryJdbcUrl(), "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(queryString(pg, pg.primaryJdbcUrl(),
                    "SELECT rolreplication::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("true");
        }
        assertNoServerLeftIn(dataDir);
    }

    private static void execute(PostgresCluster pg, String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, pg.user(), pg.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String queryString(PostgresCluster pg, String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, pg.user(), pg.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** No postmaster.pid, and no process whose command line names the data directory. */
    private static void assertNoServerLeftIn(Path dataDir) {
        assertThat(dataDir.resolve("primary/postmaster.pid")).doesNotExist();
        assertThat(dataDir.resolve("replica/postmaster.pid")).doesNotExist();
        String path = dataDir.toAbsolutePath().toString();
        assertThat(ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine())
                .flatMap(Optional::stream)
                .filter(commandLine -> commandLine.contains(path)))
                .isEmpty();
        assertThat(Files.exists(dataDir.resolve("primary.log"))).isTrue();
    }
}
