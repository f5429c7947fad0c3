package io.pvstream.devstack.bench;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

import io.pvstream.connectors.ArchiveConnectors;
import io.pvstream.devstack.EmbeddedKafka;
import io.pvstream.devstack.OpsStack;
import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.config.CommandLineOptions;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.streams.archive.ArchiveRows;
import io.pvstream.streams.archive.ArchiveSample;

/**
 * {@code ./pvstream bench archive-sink}: the last stage of the archive alone, {@code pv.archive} → PostgreSQL by the
 * archive JDBC sink, beside its limit in the same run: {@code COPY} of as many rows of the same shape into the same
 * partitioned table {@code pv_archive}.
 *
 * <ol>
 *   <li>A broker, then {@code --rows} archive rows (the Streams app's own {@link ArchiveRows}, {@code --pvs} PVs, one
 *       sample each per millisecond step) produced to {@code pv.archive} before anything reads it.</li>
 *   <li>PostgreSQL primary + replica and the Connect worker (as {@code ./pvstream dev} starts them, at normal
 *       priority). The rows the sink writes from its first committed offset until its committed offsets reach the
 *       end, over that time (it commits after the rows are in PostgreSQL, so the rate is of rows written; the rows
 *       before its first commit went in while the connectors started, and are not timed).</li>
 *   <li>{@code COPY pv_archive FROM STDIN} of the same number of rows (other sample times) through the JDBC driver's
 *       {@code CopyManager}: the limit of PostgreSQL itself on this box, primary key index and replica included.</li>
 * </ol>
 * Options: {@code --rows 300000 --pvs 40000}.
 */
public final class ArchiveSinkBenchmark {

    private static final String PREFIX = "BENCH:SINK:";
    private static final long STEP_NS = 1_000_000L;

    private ArchiveSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench archive-sink", Map.of(
                "rows", "300000", "pvs", "40000"), args);
        StageRow.print(System.out, measure(Integer.parseInt(options.get("rows")), Integer.parseInt(options.get("pvs"))));
        System.exit(0);
    }

    /** The sink's drain beside {@code COPY} of as many rows; returns issue 13's rows for the archive stage. */
    static List<StageRow> measure(int rows, int pvs) throws Exception {
        System.out.printf("archive sink benchmark on %d cores, Java %s: %,d rows of %,d PVs%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rows, pvs);
        Path dir = BenchDirs.temporary("pvstream-bench-archive-sink");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                TopicInitializer.ensureTopics(admin, 6, (short) 1);
            }
            // the sink's rows an hour ago, COPY's two hours ago: both in today's partition (or yesterday's), apart
            long now = System.currentTimeMillis() * 1_000_000L;
            prefill(kafka.bootstrapServers(), rows, pvs, now - 3_600_000_000_000L);
            try (OpsStack ops = OpsStack.start(dir.resolve("postgres"),
                    Map.of(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), CommonConfig.TOPIC_PARTITIONS, 6,
                            CommonConfig.TOPIC_REPLICATION, (short) 1))) {
                double sinkRate = sinkDrain(kafka.bootstrapServers(), rows);
                double copyRate = copy(ops.postgres(), rows, pvs, now - 7_200_000_000_000L);
                long inTable = count(ops.postgres());
                System.out.printf("rows in pv_archive: %,d (expected %,d)%n", inTable, 2L * rows);
                String stage = String.format("pv.archive → PostgreSQL (archive sink), %,d rows of %,d PVs", rows, pvs);
                double share = sinkRate / copyRate;
                return List.of(
                        new StageRow(stage, "rows written", String.format("%,.0f/s", sinkRate),
                                String.format("COPY %,.0f/s", copyRate), StageRow.percent(share), "≥ 30 %",
                                share >= 0.3),
                        StageRow.absolute(stage, "samples/s sustained; every row in the table",
                                String.format("%,.0f/s; %,d of %,d", sinkRate, inTable, 2L * rows), "≥ 30,000/s; all",
                                sinkRate >= 30_000 && inTable == 2L * rows));
            }
        }
    }

    /** Row {@code i}: PV {@code i % pvs}, at its step {@code i / pvs} (1 ms apart), so (PV, time) never repeats. */
    private static ArchiveSample sample(int i, int pvs, long startNs) {
        String pv = PREFIX + String.format("%05d", i % pvs);
        long ns = startNs - startNs % 1_000 + (long) (i / pvs) * STEP_NS; // whole microseconds, as the table keeps
        return new ArchiveSample(pv, ns, "VALUE", "double", i * 0.5, null, null, "NO_ALARM", "NO_ALARM", true);
    }

    private static void prefill(String bootstrap, int rows, int pvs, long startNs) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // the topic is brand new: its first sends may meet a leader not elected yet, and the idempotent
                // producer's sequence numbers did not survive those retries here (OutOfOrderSequenceException);
                // order does not matter to this harness
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < rows; i++) {
                ArchiveSample sample = sample(i, pvs, startNs);
                producer.send(new ProducerRecord<>(Topics.PV_ARCHIVE, sample.pv(), ArchiveRows.json(sample)));
            }
            producer.flush();
        }
        System.out.printf("pre-filled pv.archive with %,d rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Rows/s written by the sink, from its first committed offset to the end of pv.archive: the connectors were
     * already running before this is called, so the rows before its first commit are not counted.
     *
     * @return NaN if the sink had written everything before its first commit was seen (too few rows to time)
     */
    private static double sinkDrain(String bootstrap, int rows) throws Exception {
        long t0 = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String group = "connect-" + ArchiveConnectors.SINK;
            ArchiveBenchmark.Offsets offsets = ArchiveBenchmark.offsets(admin, group);
            long firstNs = 0;
            long firstCommitted = 0;
            long lastReport = t0;
            while (offsets.committed() < offsets.end() || firstNs == 0) {
                if (System.nanoTime() - t0 > 600_000_000_000L) {
                    throw new IllegalStateException("the sink did not write " + rows + " rows in 10 minutes: "
                            + offsets);
                }
                if (firstNs == 0 && offsets.committed() > 0) {
                    if (offsets.committed() >= offsets.end()) {
                        System.out.printf("archive sink: all %,d rows written before its first commit was seen: too "
                                + "few to time%n", rows);
                        return Double.NaN;
                    }
                    firstNs = System.nanoTime();
                    firstCommitted = offsets.committed();
                }
                Thread.sleep(100); // pacing of a measurement
                offsets = ArchiveBenchmark.offsets(admin, group);
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf("  sink: %,d of %,d rows written%n", offsets.committed(), offsets.end());
                }
            }
            double seconds = (System.nanoTime() - firstNs) / 1e9;
            long timed = offsets.committed() - firstCommitted;
            System.out.printf("archive sink: %,d rows in %.1f s after its first commit (%,d rows before it)%n", timed,
                    seconds, firstCommitted);
            return timed / seconds;
        }
    }

    private static double copy(PostgresCluster postgres, int rows, int pvs, long startNs) throws Exception {
        StringBuilder csv = new StringBuilder(rows * 120);
        for (int i = 0; i < rows; i++) {
            ArchiveSample s = sample(i, pvs, startNs);
            csv.append(s.pv()).append(',').append(ArchiveRows.sampleTime(s.sampleNs())).append(',')
                    .append(s.sampleNs()).append(',').append(s.changes()).append(',').append(s.kind()).append(',')
                    .append(s.num()).append(",,,").append(s.severity()).append(',').append(s.status())
                    .append(",true\n");
        }
        try (Connection db = DriverManager.getConnection(postgres.primaryJdbcUrl(), postgres.user(),
                postgres.password())) {
            long t0 = System.nanoTime();
            long copied = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY pv_archive (pv_name, sample_time, "
                    + "sample_ns, changes, value_kind, value_num, value_text, value_json, severity, status, connected) "
                    + "FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("COPY: %,d rows in %.1f s%n", copied, seconds);
            return copied / seconds;
        }
    }

    private static long count(PostgresCluster postgres) throws Exception {
        try (Connection db = DriverManager.getConnection(postgres.primaryJdbcUrl(), postgres.user(),
                postgres.password()); Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM pv_archive")) {
            result.next();
            return result.getLong(1);
        }
    }
}
