package io.pvstream.devstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.connectors.ArchiveConnectors;
import io.pvstream.devstack.DevConfig;
import io.pvstream.devstack.DevPlatform;
import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.config.CommandLineOptions;

/**
 * {@code ./pvstream bench archive}: the archive on the whole local platform (broker, ingest, query API with the
 * archive branch of the Streams app, PostgreSQL primary + replica, Connect with the archive JDBC sink).
 *
 * <ol>
 *   <li><b>Sustained archive rate</b>: the simulated IOC updates {@code --pvs} PVs at {@code --rate-hz} (every
 *       update is a change beyond the archive deadband, so every one is archived). After {@code --warmup} seconds,
 *       for {@code --seconds}: samples/s written by the sink (its committed pv.archive offsets, which it commits
 *       after the rows are in PostgreSQL), samples/s arriving in pv.archive, and the sink's lag in records each
 *       second. A lag that stays flat means the rate is sustained; a growing one means the sink falls behind.</li>
 *   <li><b>One-day history of one PV among many</b>: a synthetic day (yesterday, UTC) inserted directly with SQL
 *       {@code generate_series}: {@code --query-pvs} PVs with a sample every {@code --others-period-s}, one of them
 *       every {@code --target-period-s}. Then {@code GET /api/v1/pvs/{name}/history} of that PV over the day, raw
 *       and with 1-minute bins, {@code --runs} times each (after one warm-up): p50 and p99 of the whole answer.</li>
 * </ol>
 *
 * <p>Options: {@code --pvs 10000 --rate-hz 1 --warmup 30 --seconds 60 --query-pvs 10000 --others-period-s 60
 * --target-period-s 1 --runs 20}. A smoke run: {@code --pvs 100 --warmup 5 --seconds 5 --query-pvs 20
 * --others-period-s 3600 --runs 2}.
 */
public final class ArchiveBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "BENCH:ARCH:";
    private static final int PVS_PER_INSERT = 200;

    private ArchiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench archive", Map.of(
                "pvs", "10000", "rate-hz", "1", "warmup", "30", "seconds", "60", "query-pvs", "10000",
                "others-period-s", "60", "target-period-s", "1", "runs", "20"), args);
        Path dir = BenchDirs.temporary("pvstream-bench-archive");
        DevConfig config = DevConfig.load(Map.of(), List.of("--sim-pvs", options.get("pvs"), "--sim-rate-hz",
                options.get("rate-hz"), "--http-port", "0", "--broker-port", "0", "--data-dir", dir.toString()));
        try (DevPlatform platform = DevPlatform.start(config, Map.of())) {
            String primary = platform.addresses().get("PostgreSQL primary");
            String replica = platform.addresses().get("PostgreSQL replica");
            System.out.printf("archive benchmark on %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            sustainedRate(platform.bootstrapServers(), primary, Integer.parseInt(options.get("pvs")),
                    Double.parseDouble(options.get("rate-hz")), Integer.parseInt(options.get("warmup")),
                    Integer.parseInt(options.get("seconds")));
            historyQueries(platform.httpPort(), primary, replica == null ? primary : replica,
                    Integer.parseInt(options.get("query-pvs")), Integer.parseInt(options.get("others-period-s")),
                    Integer.parseInt(options.get("target-period-s")), Integer.parseInt(options.get("runs")));
        }
        System.exit(0);
    }

    private static void sustainedRate(String bootstrap, String primaryUrl, int pvs, double rateHz, int warmup,
                                      int seconds) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String group = "connect-" + ArchiveConnectors.SINK;
            Instant warmupEnd = Instant.now().plusSeconds(warmup);
            while (Instant.now().isBefore(warmupEnd)) {
                Thread.sleep(500); // pacing of a measurement, not synchronization
            }
            Offsets start = offsets(admin, group);
            long t0 = System.nanoTime();
            List<Long> lags = new ArrayList<>();
            for (int s = 1; s <= seconds; s++) {
                long due = t0 + s * 1_000_000_000L;
                while (System.nanoTime() < due) {
                    Thread.sleep(20); // pacing
                }
                Offsets now = offsets(admin, group);
                lags.add(now.end() - now.committed());
            }
            Offsets end = offsets(admin, group);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long rows = count(primaryUrl, "SELECT count(*) FROM pv_archive");
            System.out.printf("sustained archive: %,d simulated PVs at %.1f Hz (%,.0f updates/s, plus the IOC's "
                    + "typed PVs), %d s after %d s warm-up:%n", pvs, rateHz, pvs * rateHz, seconds, warmup);
            System.out.printf("  into pv.archive: %,.0f samples/s%n", (end.end() - start.end()) / elapsed);
            System.out.printf("  written to PostgreSQL by the sink: %,.0f samples/s%n",
                    (end.committed() - start.committed()) / elapsed);
            System.out.printf("  sink lag (records): first %,d, median %,d, max %,d, last %,d%n", lags.get(0),
                    lags.stream().sorted().toList().get(lags.size() / 2), lags.stream().max(Long::compare).orElse(0L),
                    lags.get(lags.size() - 1));
            System.out.printf("  pv_archive rows: %,d%n", rows);
        }
    }

    /** The end offsets of pv.archive and the sink group's committed offsets, summed over partitions. */
    record Offsets(long end, long committed) {
    }

    /** @param group the archive sink's consumer group, {@code connect-<sink name>} */
    static Offsets offsets(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(Topics.PV_ARCHIVE)).allTopicNames().get().get(Topics.PV_ARCHIVE).partitions()
                .forEach(p -> latest.put(new TopicPartition(Topics.PV_ARCHIVE, p.partition()), OffsetSpec.latest()));
        long end = 0;
        long done = 0;
        for (var entry : admin.listOffsets(latest).all().get().entrySet()) {
            end += entry.getValue().offset();
            OffsetAndMetadata offset = committed.get(entry.getKey());
            done += offset == null ? 0 : offset.offset();
        }
        return new Offsets(end, done);
    }

    private static void historyQueries(int port, String primaryUrl, String replicaUrl, int pvs, int othersPeriodS,
                                       int targetPeriodS, int runs) throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1); // its partition exists (created at start)
        OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = from.plusDays(1);
        String target = PREFIX + "00000";
        long insertStart = System.nanoTime();
        long inserted = insertDay(primaryUrl, target, 0, 0, targetPeriodS, from, to);
        for (int first = 1; first < pvs; first += PVS_PER_INSERT) {
            inserted += insertDay(primaryUrl, null, first, Math.min(pvs - 1, first + PVS_PER_INSERT - 1),
                    othersPeriodS, from, to);
        }
        System.out.printf("synthetic day %s: %,d samples of %,d PVs inserted in %.1f s%n", day, inserted, pvs,
                (System.nanoTime() - insertStart) / 1e9);
        long expected = 86_400L / targetPeriodS;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (countOf(replicaUrl, target) < expected && System.nanoTime() < deadline) {
            Thread.sleep(500); // waiting for the replica to replay the inserts
        }
        try (Connection connection = DriverManager.getConnection(primaryUrl, PostgresCluster.USER,
                PostgresCluster.PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE pv_archive");
        }

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/api/v1/pvs/" + target + "/history?from=" + from.toInstant()
                + "&to=" + to.toInstant();
        IngestBenchmark.LatencySample raw = time(http, base, runs, "samples", expected);
        IngestBenchmark.LatencySample binned = time(http, base + "&bin=1m", runs, "bins", 1_440);
        System.out.printf("one-day history of %s (one of %,d PVs), %d runs:%n", target, pvs, runs);
        System.out.printf("  raw (%,d samples): p50 %.1f ms, p99 %.1f ms%n", expected, raw.percentileMs(50),
                raw.percentileMs(99));
        System.out.printf("  1-minute bins (1,440 bins, all statistics): p50 %.1f ms, p99 %.1f ms%n",
                binned.percentileMs(50), binned.percentileMs(99));
    }

    /** One request first (not timed: caches, JIT), then {@code runs} timed ones; each must hold {@code size}. */
    private static IngestBenchmark.LatencySample time(HttpClient http, String url, int runs, String field,
                                                      long size) throws Exception {
        IngestBenchmark.LatencySample sample = new IngestBenchmark.LatencySample(runs);
        for (int i = 0; i <= runs; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - sent;
            if (response.statusCode() != 200 || JSON.readTree(response.body()).path(field).size() != size) {
                throw new IllegalStateException("expected " + size + " " + field + " from " + url + ", got "
                        + response.statusCode() + " " + response.body().substring(0,
                        Math.min(300, response.body().length())));
            }
            if (i > 0) {
                sample.add(took);
            }
        }
        return sample;
    }

    /**
     * A day of samples every {@code periodS} of the PVs {@code BENCH:ARCH:<first..last>} (or of {@code name}), as
     * the sink would write them: one statement per call, values a slow sine per PV.
     */
    private static long insertDay(String url, String name, int first, int last, int periodS, OffsetDateTime from,
                                  OffsetDateTime to) throws SQLException {
        String pvs = name != null ? "SELECT CAST(? AS text) AS pv, 0 AS p"
                : "SELECT '" + PREFIX + "' || lpad(p::text, 5, '0') AS pv, p FROM generate_series(?, ?) AS p";
        String sql = "INSERT INTO pv_archive (pv_name, sample_time, sample_ns, changes, value_kind, value_num,"
                + " severity, status, connected)"
                + " SELECT n.pv, t, CAST(extract(epoch FROM t) * 1000000000 AS bigint), 'VALUE', 'double',"
                + " sin(extract(epoch FROM t) / 600.0 + n.p), 'NO_ALARM', 'NO_ALARM', true"
                + " FROM (" + pvs + ") AS n,"
                + " generate_series(CAST(? AS timestamptz), CAST(? AS timestamptz) - interval '1 microsecond',"
                + " CAST(? AS interval)) AS t";
        try (Connection connection = DriverManager.getConnection(url, PostgresCluster.USER, PostgresCluster.PASSWORD);
             PreparedStatement insert = connection.prepareStatement(sql)) {
            int i = 1;
            if (name != null) {
                insert.setString(i++, name);
            } else {
                insert.setInt(i++, first);
                insert.setInt(i++, last);
            }
            insert.setObject(i++, from);
            insert.setObject(i++, to);
            insert.setString(i, periodS + " seconds");
            return insert.executeUpdate();
        }
    }

    private static long countOf(String url, String pv) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, PostgresCluster.USER, PostgresCluster.PASSWORD);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM pv_archive WHERE pv_name = ?")) {
            select.setString(1, pv);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, PostgresCluster.USER, PostgresCluster.PASSWORD);
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
