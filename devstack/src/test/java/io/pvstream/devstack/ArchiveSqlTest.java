package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.records.history.ArchiveMaintenance;
import io.pvstream.records.history.ArchivedValue;
import io.pvstream.records.history.HistoryBin;
import io.pvstream.records.history.HistoryConfig;
import io.pvstream.records.history.HistorySample;
import io.pvstream.records.history.JdbcArchive;
import io.pvstream.records.db.OpsDatabase;
import io.pvstream.records.db.OpsMigrations;

/**
 * The archive table and its SQL on a real PostgreSQL: day partitions ahead and retention, the default partition
 * for days without one, and the statements of {@link JdbcArchive} (bins with empty ones and the connection state
 * carried across them, the value at a time) over rows written as the archive sink writes them.
 */
class ArchiveSqlTest {

    @TempDir
    static Path tempDir;
    private static PostgresCluster pg;
    private static OpsDatabase database;
    private static JdbcArchive archive;
    /** An hour into today (UTC): its partition exists once the migrations ran. */
    private static final Instant T0 = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC)
            .plus(1, ChronoUnit.HOURS);

    @BeforeAll
    static void startPostgresAndMigrate() {
        pg = PostgresCluster.start(tempDir.resolve("pg"), false);
        OpsMigrations.migrate(pg.primaryJdbcUrl(), pg.user(), pg.password());
        database = OpsDatabase.connect(pg.primaryJdbcUrl(), "", pg.user(), pg.password(), Duration.ofSeconds(2));
        archive = new JdbcArchive(database);
    }

    @AfterAll
    static void stopPostgres() {
        if (database != null) {
            database.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theTableIsPartitionedByDayWithTheKeyTheSinkUpsertsBy() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(partitions()).as("yesterday, today and three days ahead, created by the migration")
                .contains(name(today.minusDays(1)), name(today), name(today.plusDays(3)));
        assertThat(queryText("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'pv_archive_pkey'"))
                .isEqualTo("PRIMARY KEY (pv_name, sample_time)");
        insert("KEY:1", T0, 1.0, true);
        insert("KEY:1", T0, 2.0, true); // a redelivery, as the sink's upsert writes it
        assertThat(queryLong("SELECT count(*) FROM pv_archive WHERE pv_name = 'KEY:1'")).isEqualTo(1);
    }

    @Test
    void maintenanceCreatesDaysAheadMovesStrayRowsInAndDropsDaysPastRetention() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(queryLong("SELECT pv_archive_ensure_partitions(CURRENT_DATE - 100, CURRENT_DATE - 98)"))
                .as("three old days").isEqualTo(3);
        insert("OLD:1", start(today.minusDays(99)), 1.0, true);
        insert("OLD:1", start(today.minusDays(200)), 1.0, true); // no partition: the default one takes it
        insert("STRAY:1", start(today.plusDays(40)), 7.0, true); // not created yet: the default one too
        assertThat(queryLong("SELECT count(*) FROM pv_archive_default")).isEqualTo(2);

        ArchiveMaintenance maintenance = new ArchiveMaintenance(pg.primaryJdbcUrl(), pg.user(), pg.password(),
                new HistoryConfig.Settings(60, 41, Duration.ofHours(1), 1_000, 1_000, 100), Clock.systemUTC());
        ArchiveMaintenance.Result result = maintenance.runOnce();

        assertThat(result).as("days 4..41 ahead created (the migration made up to 3), the three old ones dropped")
                .isEqualTo(new ArchiveMaintenance.Result(38, 3));
        assertThat(partitions()).contains(name(today), name(today.plusDays(41)))
                .doesNotContain(name(today.minusDays(99)));
        assertThat(queryLong("SELECT count(*) FROM " + name(today.plusDays(40)) + " WHERE pv_name = 'STRAY:1'"))
                .as("moved into its day").isEqualTo(1);
        assertThat(queryLong("SELECT count(*) FROM pv_archive_default")).as("past retention: deleted").isZero();
        assertThat(queryLong("SELECT count(*) FROM pv_archive WHERE pv_name = 'OLD:1'")).isZero();
        assertThat(maintenance.runOnce()).as("nothing left to do").isEqualTo(new ArchiveMaintenance.Result(0, 0));
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(5);
    }

    @Test
    void binsIncludeEmptyOnesAndCarryADisconnectionUntilTheNextSample() throws SQLException {
        String pv = "BINS:1";
        insert(pv, T0, 1.0, true);
        insert(pv, T0.plusSeconds(5), 2.0, true);
        insert(pv, T0.plusSeconds(12), 3.0, true);
        insert(pv, T0.plusSeconds(20), null, false); // disconnected: a gap from here
        insert(pv, T0.plusSeconds(50), 5.0, true); // reconnected

        List<HistoryBin> bins = new ArrayList<>();
        long count = archive.bins(pv, T0.minusSeconds(10), T0.plusSeconds(60), Duration.ofSeconds(10), bins::add);

        assertThat(count).isEqualTo(7);
        assertThat(bins).extracting(HistoryBin::count).containsExactly(0L, 2L, 1L, 0L, 0L, 0L, 1L);
        assertThat(bins).extracting(HistoryBin::connected)
                .as("connected before the first sample; the gap from 20 s; the 50 s bin began disconnected")
                .containsExactly(true, true, true, false, false, false, false);
        HistoryBin first = bins.get(1);
        assertThat(first.start()).isEqualTo(T0);
        assertThat(first.mean()).isEqualTo(1.5);
        assertThat(first.min()).isEqualTo(1.0);
        assertThat(first.max()).isEqualTo(2.0);
        assertThat(first.first()).isEqualTo(1.0);
        assertThat(first.last()).isEqualTo(2.0);
        assertThat(bins.get(0).mean()).as("an empty bin has no statistics").isNull();

        List<HistorySample> samples = new ArrayList<>();
        assertThat(archive.samples(pv, T0, T0.plusSeconds(60), samples::add)).isEqualTo(5);
        assertThat(samples.get(3).connected()).isFalse();
        assertThat(samples.get(3).num()).isNull();
        assertThat(archive.countUpTo(pv, T0, T0.plusSeconds(60), 3)).as("counts no further than asked").isEqualTo(3);
    }

    @Test
    void theValueAtATimeIsTheLastSampleAtOrBeforeIt() throws SQLException {
        insert("AT:1", T0, 1.0, true);
        insert("AT:1", T0.plusSeconds(10), null, false);
        insert("AT:2", T0.plusSeconds(3), 8.0, true);

        List<ArchivedValue> at = archive.valuesAt(T0.plusSeconds(10), List.of("AT:2", "AT:1", "AT:NONE"));

        assertThat(at).extracting(value -> value.value().pv()).containsExactly("AT:2", "AT:1", "AT:NONE");
        assertThat(at).extracting(value -> value.value().state().json())
                .containsExactly("ok", "disconnected", "never_seen");
        assertThat(at.get(0).value().num()).isEqualTo(8.0);
        assertThat(at.get(1).value().num()).as("the last value before the disconnection").isEqualTo(1.0);
        assertThat(archive.valuesAt(T0.plusMillis(9_999), List.of("AT:1")).get(0).value().state().json())
                .isEqualTo("ok");
    }

    private static void insert(String pv, Instant time, Double value, boolean connected) throws SQLException {
        try (Connection connection = primary(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO pv_archive (pv_name, sample_time, sample_ns, changes, value_kind, value_num, severity,"
                        + " status, connected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (pv_name, sample_time) DO UPDATE SET value_num = excluded.value_num")) {
            insert.setString(1, pv);
            insert.setObject(2, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
            insert.setLong(3, time.getEpochSecond() * 1_000_000_000L + time.getNano());
            insert.setString(4, connected ? "VALUE" : "CONNECTION");
            insert.setString(5, value == null ? null : "double");
            insert.setObject(6, value);
            insert.setString(7, value == null ? null : "NO_ALARM");
            insert.setString(8, value == null ? null : "NO_ALARM");
            insert.setBoolean(9, connected);
            insert.executeUpdate();
        }
    }

    private static List<String> partitions() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = primary(); PreparedStatement select = connection.prepareStatement(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'pv_archive'::regclass ORDER BY 1");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String name(LocalDate day) {
        return "pv_archive_p" + day.toString().replace("-", "");
    }

    private static long queryLong(String sql) throws SQLException {
        try (Connection connection = primary(); PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String queryText(String sql) throws SQLException {
        try (Connection connection = primary(); PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Connection primary() throws SQLException {
        return DriverManager.getConnection(pg.primaryJdbcUrl(), pg.user(), pg.password());
    }
}
