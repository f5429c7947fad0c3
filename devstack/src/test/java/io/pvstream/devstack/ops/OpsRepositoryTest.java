package io.pvstream.devstack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.replication.LogSequenceNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.records.catalog.Configuration;
import io.pvstream.records.catalog.ConfigurationInput;
import io.pvstream.records.catalog.ConfigurationPv;
import io.pvstream.records.catalog.ConfigurationWrites;
import io.pvstream.records.buffer.ConfirmedRows;
import io.pvstream.records.db.ConfirmedSource;
import io.pvstream.records.db.DatabasePoller;
import io.pvstream.records.db.DatabaseStatus;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.catalog.JdbcConfigurations;
import io.pvstream.records.catalog.JdbcTags;
import io.pvstream.records.db.JdbcUrls;
import io.pvstream.records.db.ListCursor;
import io.pvstream.records.db.ListQuery;
import io.pvstream.records.db.OpsDatabase;
import io.pvstream.records.db.OpsMigrations;
import io.pvstream.records.catalog.Tag;
import io.pvstream.records.catalog.TagInput;
import io.pvstream.records.catalog.TagWrites;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.ReplicaLsn;
import io.pvstream.schemas.ops.OpsTables;

/**
 * The operations tables on a real PostgreSQL primary with a streaming replica: the migrations create exactly the
 * tables of {@link OpsTables}, the JDBC repositories read back what the sink would have written (rows built by
 * the same transaction builders the API uses), and the poller reads real WAL positions.
 */
class OpsRepositoryTest {

    private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T0 = 1_772_366_400_123_456_789L; // 2026-03-01T12:00:00.123456789Z

    @TempDir
    static Path tempDir;
    private static PostgresCluster pg;
    private static OpsDatabase primaryOnly;
    private static OpsDatabase withReplica;

    @BeforeAll
    static void startPostgresAndMigrate() {
        pg = PostgresCluster.start(tempDir.resolve("pg"), true);
        int scripts = Flyway.configure(OpsMigrations.class.getClassLoader())
                .dataSource(pg.primaryJdbcUrl(), pg.user(), pg.password()).locations(OpsMigrations.LOCATION)
                .load().info().pending().length;
        assertThat(scripts).as("migration scripts on the classpath").isGreaterThanOrEqualTo(2);
        assertThat(OpsMigrations.migrate(pg.primaryJdbcUrl(), pg.user(), pg.password())).isEqualTo(scripts);
        primaryOnly = OpsDatabase.connect(pg.primaryJdbcUrl(), "", pg.user(), pg.password(), Duration.ofSeconds(2));
        withReplica = OpsDatabase.connect(pg.primaryJdbcUrl(), pg.replicaJdbcUrl(), pg.user(), pg.password(),
                Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopPostgres() {
        if (withReplica != null) {
            withReplica.close();
        }
        if (primaryOnly != null) {
            primaryOnly.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void migrationsCreateExactlyTheTablesOfOpsTablesAndRunOnce() throws SQLException {
        assertThat(OpsMigrations.migrate(pg.primaryJdbcUrl(), pg.user(), pg.password())).as("idempotent").isZero();
        Map<String, List<String>> columns = new TreeMap<>();
        try (Connection connection = primary();
             PreparedStatement query = connection.prepareStatement("SELECT table_name, column_name, data_type,"
                     + " is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
                     + " AND table_name <> 'flyway_schema_history'"
                     // the archive is not an operations table (written by its own sink): ArchiveSqlTest checks it
                     + " AND table_name NOT LIKE 'pv\\_archive%'"
                     + " ORDER BY table_name, ordinal_position");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                columns.computeIfAbsent(rows.getString(1), table -> new ArrayList<>())
                        .add(rows.getString(2) + " " + rows.getString(3) + " " + rows.getString(4));
            }
        }
        Map<String, List<String>> expected = new TreeMap<>();
        for (OpsTables.Table table : OpsTables.ALL) {
            expected.put(table.name(), table.columns().stream()
                    .map(column -> column.name() + " " + sqlType(column.type()) + " " + (column.optional() ? "YES" : "NO"))
                    .toList());
        }
        assertThat(columns).isEqualTo(expected);
        for (OpsTables.Table table : OpsTables.ALL) {
            assertThat(primaryKey(table.name())).as("primary key of " + table.name()).isEqualTo(table.primaryKey());
        }
    }

    @Test
    void theRepositoriesReadWhatTheSinkWrites() throws SQLException {
        String id = "00000000-0000-0000-0000-00000000a001";
        Write created = ConfigurationWrites.create(draft("tx-a1", 0), id, new ConfigurationInput("Linac", "injector",
                List.of(new ConfigurationPv("SIM:B", 0.5, null, false), new ConfigurationPv("SIM:A", null, 0.01, true))),
                MAPPER);
        apply(created);
        JdbcConfigurations configurations = new JdbcConfigurations(primaryOnly);
        ConfirmedRows.Found<Configuration> found = configurations.find(id).orElseThrow();
        assertThat(found.source()).isEqualTo(ConfirmedSource.PRIMARY);
        assertThat(found.deleted()).isFalse();
        assertThat((JsonNode) MAPPER.valueToTree(found.entity())).as("the database gives back what the API returned")
                .isEqualTo(created.entity());

        Write updated = ConfigurationWrites.update(draft("tx-a2", 1), found.entity(), List.of(),
                new ConfigurationInput("Linac", null, List.of(new ConfigurationPv("SIM:A", null, null, false))), MAPPER);
        apply(updated);
        Configuration afterUpdate = configurations.find(id).orElseThrow().entity();
        assertThat(afterUpdate.pvs()).containsExactly(new ConfigurationPv("SIM:A", null, null, false));
        assertThat(afterUpdate.txId()).isEqualTo("tx-a2");
        assertThat((JsonNode) MAPPER.valueToTree(afterUpdate)).isEqualTo(updated.entity());
        assertThat(count("SELECT count(*) FROM configuration_pv WHERE configuration_id = '" + id + "' AND deleted"))
                .as("SIM:B soft-deleted, not removed").isEqualTo(1);

        apply(ConfigurationWrites.delete(draft("tx-a3", 2), afterUpdate, List.of(), MAPPER));
        ConfirmedRows.Found<Configuration> deleted = configurations.find(id).orElseThrow();
        assertThat(deleted.deleted()).isTrue();
        assertThat(configurations.find("00000000-0000-0000-0000-00000000ffff")).isEmpty();
    }

    @Test
    void listsArePagedInNameOrderWithFilterAndExclusions() throws SQLException {
        execute("TRUNCATE tag"); // other tests write tags too: this one lists them all
        String[] names = {"beam dump", "Alpha", "alpha", "cavity", "Beam line", "deleted one"};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String id = "00000000-0000-0000-0000-0000000b000" + i;
            ids.add(id);
            Write write = TagWrites.create(draft("tx-b" + i, i), id, new TagInput(names[i], null), MAPPER);
            apply(write);
        }
        Tag deleted = new Tag(ids.get(5), "tx-b5", "deleted one", null, null);
        apply(TagWrites.delete(draft("tx-b5d", 9), deleted, MAPPER));
        JdbcTags tags = new JdbcTags(primaryOnly);

        List<Tag> first = tags.list(new ListQuery(null, null, 3, Set.of())).items();
        assertThat(first).extracting(Tag::name).as("byte order: upper case first").containsExactly("Alpha",
                "Beam line", "alpha");
        Tag last = first.get(2);
        List<Tag> second = tags.list(new ListQuery(null, new ListCursor(last.name(), last.id()), 3, Set.of())).items();
        assertThat(second).extracting(Tag::name).containsExactly("beam dump", "cavity");

        assertThat(tags.list(new ListQuery("BEAM", null, 10, Set.of())).items()).extracting(Tag::name)
                .containsExactly("Beam line", "beam dump");
        assertThat(tags.list(new ListQuery(null, null, 10, Set.of(ids.get(1), ids.get(3)))).items())
                .extracting(Tag::name).containsExactly("Beam line", "alpha", "beam dump");

        JdbcConfigurations configurations = new JdbcConfigurations(primaryOnly);
        apply(ConfigurationWrites.create(draft("tx-c1", 0), "00000000-0000-0000-0000-00000000c001",
                new ConfigurationInput("zz listed", null, List.of(new ConfigurationPv("P1", null, null, false),
                        new ConfigurationPv("P2", null, null, false))), MAPPER));
        Configuration listed = configurations.list(new ListQuery("zz", null, 10, Set.of())).items().get(0);
        assertThat(listed.pvCount()).isEqualTo(2);
        assertThat(listed.pvs()).isNull();
    }

    @Test
    void readsPreferTheReplicaOnceItHasReplayedTheRows() throws SQLException {
        String id = "00000000-0000-0000-0000-00000000d001";
        apply(TagWrites.create(draft("tx-d1", 0), id, new TagInput("replicated", null), MAPPER));
        JdbcTags tags = new JdbcTags(withReplica);
        await().atMost(REPLICATION_TIMEOUT).untilAsserted(() -> assertThat(tags.find(id)).hasValueSatisfying(found -> {
            assertThat(found.source()).isEqualTo(ConfirmedSource.REPLICA);
            assertThat(found.entity().name()).isEqualTo("replicated");
        }));
    }

    @Test
    void thePollerReadsRealWalPositionsAndPublishesTheReplicaOne() throws SQLException {
        List<ReplicaLsn> published = new CopyOnWriteArrayList<>();
        String replicaName = JdbcUrls.hostPort(pg.replicaJdbcUrl());
        try (DatabasePoller poller = new DatabasePoller(withReplica.primaryDataSource().orElseThrow(),
                withReplica.replicaDataSource().orElseThrow(), replicaName, published::add,
                java.time.Clock.systemUTC())) {
            apply(TagWrites.create(draft("tx-e1", 0), "00000000-0000-0000-0000-00000000e001",
                    new TagInput("moves the WAL", null), MAPPER));
            long written = LogSequenceNumber.valueOf(queryString("SELECT pg_current_wal_lsn()::text")).asLong();
            await().atMost(REPLICATION_TIMEOUT).untilAsserted(() -> {
                DatabaseStatus status = poller.pollOnce();
                assertThat(status.primary().reachable()).isTrue();
                assertThat(status.replica().reachable()).isTrue();
                assertThat(LogSequenceNumber.valueOf(status.replica().replayLsn()).asLong()).isGreaterThanOrEqualTo(written);
                assertThat(status.replica().lagBytes()).isZero();
                assertThat(status.replica().lagSeconds()).isZero();
            });
            ReplicaLsn last = published.get(published.size() - 1);
            assertThat(last.getReplica()).isEqualTo(replicaName).startsWith("127.0.0.1:");
            assertThat(last.getReplayLsn()).isGreaterThanOrEqualTo(written);
            assertThat(last.getPrimaryLsn()).isGreaterThanOrEqualTo(last.getReplayLsn());
        }
    }

    @Test
    void anUnreachableDatabaseIsUnavailableWithoutItsAddressOrCredentials() {
        try (OpsDatabase nowhere = OpsDatabase.connect("jdbc:postgresql://127.0.0.1:1/pvstream?password=hunter2", "",
                "pvstream", "hunter2", Duration.ofMillis(500))) {
            assertThatThrownBy(() -> new JdbcTags(nowhere).find("x"))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("primary: unreachable")
                    .hasMessageNotContaining("hunter2").hasMessageNotContaining("jdbc:");
        }
    }

    private static TxDraft draft(String txId, int secondsLater) {
        return new TxDraft(txId, T0 + secondsLater * 1_000_000_000L, null);
    }

    /** What the JDBC sink does with each row of a transaction: an upsert by primary key. */
    private static void apply(Write write) throws SQLException {
        try (Connection connection = primary()) {
            for (OpsRow row : write.tx().getRows()) {
                OpsTables.Table table = OpsTables.byName(row.getTable());
                List<String> names = table.columns().stream().map(OpsTables.Column::name).toList();
                String sql = "INSERT INTO " + table.name() + " (" + String.join(", ", names) + ") VALUES ("
                        + names.stream().map(name -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT ("
                        + String.join(", ", table.primaryKey()) + ") DO UPDATE SET "
                        + names.stream().map(name -> name + " = EXCLUDED." + name).collect(Collectors.joining(", "));
                try (PreparedStatement upsert = connection.prepareStatement(sql)) {
                    for (int i = 0; i < names.size(); i++) {
                        Object value = row.getColumns().get(names.get(i));
                        if (table.columns().get(i).type() == OpsTables.ColumnType.TIMESTAMP) {
                            value = OffsetDateTime.ofInstant(Instant.ofEpochMilli((Long) value), ZoneOffset.UTC);
                        }
                        upsert.setObject(i + 1, value);
                    }
                    upsert.executeUpdate();
                }
            }
        }
    }

    private static List<String> primaryKey(String table) throws SQLException {
        try (Connection connection = primary();
             PreparedStatement query = connection.prepareStatement("SELECT k.column_name"
                     + " FROM information_schema.table_constraints c JOIN information_schema.key_column_usage k"
                     + " ON k.constraint_name = c.constraint_name AND k.table_name = c.table_name"
                     + " WHERE c.table_name = ? AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position")) {
            query.setString(1, table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
            return columns;
        }
    }

    private static String sqlType(OpsTables.ColumnType type) {
        Map<OpsTables.ColumnType, String> types = new HashMap<>();
        types.put(OpsTables.ColumnType.STRING, "text");
        types.put(OpsTables.ColumnType.INT64, "bigint");
        types.put(OpsTables.ColumnType.FLOAT64, "double precision");
        types.put(OpsTables.ColumnType.BOOLEAN, "boolean");
        types.put(OpsTables.ColumnType.TIMESTAMP, "timestamp with time zone");
        return types.get(type);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = primary(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(queryString(sql));
    }

    private static String queryString(String sql) throws SQLException {
        try (Connection connection = primary();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Connection primary() throws SQLException {
        return DriverManager.getConnection(pg.primaryJdbcUrl(), pg.user(), pg.password());
    }
}
