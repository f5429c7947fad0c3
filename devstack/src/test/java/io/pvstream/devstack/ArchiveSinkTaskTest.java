package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.connectors.archive.ArchiveRowConverter;
import io.pvstream.connectors.archive.ArchiveSinkTask;
import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.records.db.OpsMigrations;
import io.pvstream.streams.archive.ArchiveRows;
import io.pvstream.streams.archive.ArchiveSample;

/**
 * The archive sink's task on a real PostgreSQL, as Connect drives it ({@code put}, then {@code preCommit} before
 * offsets are committed): new samples go in, and samples written before (a redelivery after a restart) or twice in
 * one batch overwrite themselves, the last copy winning, instead of failing the batch on the primary key.
 */
class ArchiveSinkTaskTest {

    @TempDir
    static Path tempDir;
    private static PostgresCluster pg;
    /** An hour into today (UTC), in ns: its partition exists once the migrations ran. */
    private static final long T0_NS = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toEpochSecond(ZoneOffset.UTC)
            * 1_000_000_000L + 3_600_000_000_000L;
    private final ArchiveRowConverter converter = new ArchiveRowConverter();
    private final List<ArchiveSinkTask> tasks = new ArrayList<>();
    private long offset;

    @BeforeAll
    static void startPostgresAndMigrate() {
        pg = PostgresCluster.start(tempDir.resolve("pg"), false);
        OpsMigrations.migrate(pg.primaryJdbcUrl(), pg.user(), pg.password());
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void stopTasks() {
        tasks.forEach(ArchiveSinkTask::stop);
    }

    @Test
    void newSamplesAreWrittenBeforeTheOffsetsAreCommitted() throws SQLException {
        ArchiveSinkTask task = task();
        List<SinkRecord> batch = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            batch.add(record(sample("NEW:" + (i % 500), T0_NS + (i / 500) * 1_000_000L, i)));
        }
        task.put(batch);
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(new TopicPartition("pv.archive", 0),
                new OffsetAndMetadata(offset));
        assertThat(task.preCommit(offsets)).as("every row written: Connect may commit the offsets").isEqualTo(offsets);
        assertThat(count("NEW:%")).isEqualTo(2_500);
        assertThat(value("NEW:7", T0_NS + 4_000_000L)).isEqualTo(2_007.0);
    }

    @Test
    void aRedeliveredSampleOverwritesItselfAndTheRestOfItsBatchIsWritten() throws SQLException {
        ArchiveSinkTask first = task();
        first.put(List.of(record(sample("AGAIN:1", T0_NS, 1.0)), record(sample("AGAIN:2", T0_NS, 2.0))));
        first.preCommit(Map.of());
        // a worker restarted before its offsets were committed: a new task gets the same samples again, in a batch
        // with new ones
        ArchiveSinkTask restarted = task();
        restarted.put(List.of(record(sample("AGAIN:1", T0_NS, 10.0)), record(sample("AGAIN:2", T0_NS, 2.0)),
                record(sample("AGAIN:3", T0_NS, 3.0))));
        restarted.preCommit(Map.of());
        assertThat(count("AGAIN:%")).isEqualTo(3);
        assertThat(value("AGAIN:1", T0_NS)).as("the last copy wins").isEqualTo(10.0);
        assertThat(value("AGAIN:3", T0_NS)).isEqualTo(3.0);
    }

    @Test
    void aSampleTwiceInOneBatchIsOneRowTheLastCopyWinning() throws SQLException {
        ArchiveSinkTask task = task();
        task.put(List.of(record(sample("TWICE:1", T0_NS, 1.0)), record(sample("TWICE:2", T0_NS, 5.0)),
                record(sample("TWICE:1", T0_NS, 2.0))));
        task.preCommit(Map.of());
        assertThat(count("TWICE:%")).isEqualTo(2);
        assertThat(value("TWICE:1", T0_NS)).isEqualTo(2.0);
    }

    private ArchiveSinkTask task() {
        ArchiveSinkTask task = new ArchiveSinkTask();
        task.start(Map.of("connection.url", pg.primaryJdbcUrl(), "connection.username", pg.user(),
                "connection.password", pg.password(), "batch.rows", "1000"));
        tasks.add(task);
        return task;
    }

    private static ArchiveSample sample(String pv, long ns, double value) {
        return new ArchiveSample(pv, ns, "VALUE", "double", value, null, null, "NO_ALARM", "NO_ALARM", true);
    }

    /** As Connect hands it over: converted by the sink's value converter, at the next offset of the partition. */
    private SinkRecord record(ArchiveSample sample) {
        SchemaAndValue row = converter.toConnectData("pv.archive",
                ArchiveRows.json(sample).getBytes(StandardCharsets.UTF_8));
        return new SinkRecord("pv.archive", 0, null, sample.pv(), row.schema(), row.value(), offset++);
    }

    private static long count(String like) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pv_archive WHERE pv_name LIKE '"
                     + like + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double value(String pv, long ns) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT value_num FROM pv_archive WHERE pv_name = '" + pv
                     + "' AND sample_ns = " + ns)) {
            assertThat(rows.next()).as(pv + " at " + ns).isTrue();
            return rows.getDouble(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.primaryJdbcUrl(), pg.user(), pg.password());
    }
}
