package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

import io.pvstream.connectors.ConnectConfig;
import io.pvstream.connectors.ReplicationSlotCleanup;
import io.pvstream.connectors.ReplicationSlotCleanup.Slot;
import io.pvstream.devstack.postgres.PostgresCluster;

/**
 * The Connect worker's replication slot clean-up on a real PostgreSQL primary: slots left by earlier pvstream
 * CDC sources go (with their publications), everything else stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotCleanupTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    static Path tempDir;
    private PostgresCluster pg;

    @BeforeAll
    void start() throws SQLException {
        pg = PostgresCluster.start(tempDir.resolve("pg"), false);
        try (Connection db = connect()) {
            execute(db, "CREATE TABLE ops_row (id text PRIMARY KEY)");
        }
    }

    @AfterAll
    void stop() {
        pg.close();
    }

    /** Every test starts from no slots and no publications. */
    @BeforeEach
    void dropEverything() throws SQLException {
        try (Connection admin = DriverManager.getConnection(inDatabase("postgres"), "postgres", "")) {
            // a walsender ends shortly after its client closed the connection
            await().atMost(PATIENCE).until(() -> query(admin, "SELECT slot_name FROM pg_replication_slots WHERE active")
                    .isEmpty());
            for (String slot : query(admin, "SELECT slot_name FROM pg_replication_slots")) {
                execute(admin, "SELECT pg_drop_replication_slot('" + slot + "')");
            }
        }
        try (Connection db = connect()) {
            for (String publication : query(db, "SELECT pubname FROM pg_publication")) {
                execute(db, "DROP PUBLICATION " + publication);
            }
        }
    }

    @Test
    void dropsInactivePvstreamSlotsOfThisDatabaseOnlyAndTheirPublications() throws Exception {
        try (Connection db = connect()) {
            for (String slot : List.of("pvstream_old", "pvstream_ops", "pvstream_live", "other_slot")) {
                createSlotWithPublication(db, slot);
            }
            try (Connection admin = DriverManager.getConnection(inDatabase("postgres"), "postgres", "")) {
                execute(admin, "SELECT pg_create_logical_replication_slot('pvstream_elsewhere', 'pgoutput')");
            }
            execute(db, "INSERT INTO ops_row SELECT g::text FROM generate_series(1, 1000) g"); // WAL the slots retain

            try (Connection replication = replicationConnection();
                 PGReplicationStream live = read(replication, "pvstream_live")) {
                await().atMost(PATIENCE).until(() -> query(db, "SELECT slot_name FROM pg_replication_slots WHERE active")
                        .contains("pvstream_live"));

                List<Slot> dropped = new ReplicationSlotCleanup("pvstream_ops", "pvstream_").run(db);

                assertThat(dropped).extracting(Slot::name).containsExactly("pvstream_old");
                assertThat(dropped.get(0).retainedWalBytes()).as("WAL the orphaned slot held back").isPositive();
            }
            assertThat(query(db, "SELECT slot_name FROM pg_replication_slots ORDER BY 1"))
                    .as("in use, configured, not ours, other database")
                    .containsExactly("other_slot", "pvstream_elsewhere", "pvstream_live", "pvstream_ops");
            assertThat(query(db, "SELECT pubname FROM pg_publication ORDER BY 1")).containsExactly(
                    "other_slot_publication", "pvstream_live_publication", "pvstream_ops_publication");
        }
    }

    @Test
    void theWorkerRunsItFromItsConfigurationAndCanBeTurnedOff() throws Exception {
        try (Connection db = connect()) {
            createSlotWithPublication(db, "pvstream_ops");
            createSlotWithPublication(db, "pvstream_renamed");

            assertThat(ReplicationSlotCleanup.runConfigured(config(false))).isEmpty();
            assertThat(query(db, "SELECT slot_name FROM pg_replication_slots ORDER BY 1"))
                    .containsExactly("pvstream_ops", "pvstream_renamed");

            assertThat(ReplicationSlotCleanup.runConfigured(config(true))).extracting(Slot::name)
                    .containsExactly("pvstream_renamed");
            assertThat(query(db, "SELECT slot_name FROM pg_replication_slots")).containsExactly("pvstream_ops");
            assertThat(query(db, "SELECT pubname FROM pg_publication")).containsExactly("pvstream_ops_publication");
        }
    }

    @Test
    void anUnreachableDatabaseIsLoggedNotThrown() {
        ConnectConfig unreachable = ConnectConfig.load(Map.of(), Map.of(
                ConnectConfig.OPS_JDBC_URL, "jdbc:postgresql://127.0.0.1:" + FreePorts.pick() + "/pvstream?connectTimeout=2"));
        assertThat(ReplicationSlotCleanup.runConfigured(unreachable)).isEmpty();
    }

    private ConnectConfig config(boolean cleanup) {
        return ConnectConfig.load(Map.of(), Map.of(
                ConnectConfig.OPS_JDBC_URL, pg.primaryJdbcUrl(),
                ConnectConfig.OPS_JDBC_USER, pg.user(),
                ConnectConfig.OPS_JDBC_PASSWORD, pg.password(),
                ConnectConfig.OPS_CDC_SLOT, "pvstream_ops",
                ConnectConfig.OPS_CDC_SLOT_CLEANUP, Boolean.toString(cleanup)));
    }

    /** What a Debezium source creates: a pgoutput slot and its publication, owned by the pvstream role. */
    private static void createSlotWithPublication(Connection db, String slot) throws SQLException {
        execute(db, "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        execute(db, "CREATE PUBLICATION " + slot + "_publication FOR TABLE ops_row");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.primaryJdbcUrl(), pg.user(), pg.password());
    }

    private String inDatabase(String database) {
        return pg.primaryJdbcUrl().replaceFirst("/" + PostgresCluster.DATABASE + "$", "/" + database);
    }

    /** A logical replication connection, as a CDC source opens one. */
    private Connection replicationConnection() throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, pg.user());
        PGProperty.PASSWORD.set(props, pg.password());
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        return DriverManager.getConnection(pg.primaryJdbcUrl(), props);
    }

    /** Makes the slot active, as a running source does. */
    private static PGReplicationStream read(Connection replication, String slot) throws SQLException {
        return replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                .withSlotName(slot)
                .withSlotOption("proto_version", 1)
                .withSlotOption("publication_names", slot + "_publication")
                .start();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
