package io.pvstream.devstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import gov.aps.jca.Channel;

import io.pvstream.connectors.ArchiveConnectors;
import io.pvstream.devstack.DevConfig;
import io.pvstream.devstack.DevPlatform;
import io.pvstream.devstack.SoftIoc;
import io.pvstream.schemas.config.CommandLineOptions;

/**
 * {@code ./pvstream bench freshness}: how fresh a live value is under load. For each offered rate, a real softIoc
 * serves {@code rate / 10} calc records at 10 Hz and {@code --setpoints} ao records; the whole platform runs as
 * {@code ./pvstream dev --no-sim} does (broker, ingest, Streams + query API, PostgreSQL, Connect, archive on). After
 * a warm-up, each try puts a new value to an ao record with a CA put with callback ("caput -c") and times when it
 * is seen by
 * <ul>
 *   <li>a raw CAJ monitor of the same PV (the baseline: Channel Access itself),</li>
 *   <li>{@code GET /api/v1/pvs/{name}}, polled every 10 ms,</li>
 *   <li>a WebSocket subscriber of {@code /api/v1/ws}.</li>
 * </ul>
 * All three from the same instant (just before the put), in the same run. Options:
 * {@code --rates 1000,10000,40000 --tries 8 --warmup-s 30 --setpoints 20}.
 */
public final class FreshnessBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final String ARCHIVE_GROUP = "connect-" + ArchiveConnectors.SINK;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench freshness", Map.of(
                "rates", "1000,10000,40000", "tries", "8", "warmup-s", "30", "setpoints", "20"), args);
        int tries = Integer.parseInt(options.get("tries"));
        int warmupS = Integer.parseInt(options.get("warmup-s"));
        int setpoints = Integer.parseInt(options.get("setpoints"));
        System.out.printf("freshness benchmark on %d cores, Java %s: caput -c → raw CAJ monitor / REST / WebSocket%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<String> lines = new ArrayList<>();
        for (String rate : options.get("rates").split(",")) {
            int updatesPerSecond = Integer.parseInt(rate.strip());
            lines.add(new FreshnessBenchmark().run(updatesPerSecond, setpoints, tries, warmupS));
        }
        System.out.println();
        System.out.println("| offered | PVs × Hz | raw CAJ p50 / max | REST p50 / max | WebSocket p50 / max | "
                + "REST ≤ 0.5 s | WS ≤ 0.5 s |");
        System.out.println("|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
        System.exit(0);
    }

    private String run(int updatesPerSecond, int setpoints, int tries, int warmupS) throws Exception {
        int counters = Math.max(1, updatesPerSecond / 10);
        Path dir = BenchDirs.temporary("pvstream-bench-freshness");
        List<String> aos = IntStream.rangeClosed(1, setpoints).mapToObj(i -> String.format("FRESH:AO%02d", i)).toList();
        System.out.printf("%n== %,d updates/s offered: %,d calc records at 10 Hz + %d ao records ==%n",
                updatesPerSecond, counters, setpoints);
        try (SoftIoc ioc = SoftIoc.start(dir.resolve("softioc"), "fresh", database(counters, aos), aos.get(0))) {
            Path pvFile = dir.resolve("pvs.txt");
            List<String> names = new ArrayList<>(aos);
            IntStream.rangeClosed(1, counters).mapToObj(i -> String.format("FRESH:CALC%05d", i)).forEach(names::add);
            Files.write(pvFile, names);
            DevConfig config = DevConfig.load(Map.of(), List.of("--no-sim", "--http-port", "0", "--broker-port", "0",
                    "--data-dir", dir.resolve("platform").toString(), "--pv-file", pvFile.toString(),
                    "--ca-addr-list", ioc.addressList()));
            try (DevPlatform platform = DevPlatform.start(config, Map.of());
                 CaPutClient raw = new CaPutClient(ioc.addressList(), aos)) {
                int port = platform.httpPort();
                long t0 = System.nanoTime();
                awaitConnected(port, aos);
                System.out.printf("setpoints in the stores after %.1f s; warming up %d s%n",
                        (System.nanoTime() - t0) / 1e9, warmupS);
                // the CPU and archive figures cover the warm-up and the tries: the offered rate in steady state
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        platform.bootstrapServers()));
                ArchiveBenchmark.Offsets archiveAtStart = ArchiveBenchmark.offsets(admin, ARCHIVE_GROUP);
                long windowStarted = System.nanoTime();
                MachineCpu cpu = new MachineCpu();
                waitSeconds(warmupS);
                WsWatcher ws = WsWatcher.connect(port, platform.adminKey(), aos);
                IngestBenchmark.LatencySample rawLatency = new IngestBenchmark.LatencySample(tries);
                IngestBenchmark.LatencySample restLatency = new IngestBenchmark.LatencySample(tries);
                IngestBenchmark.LatencySample wsLatency = new IngestBenchmark.LatencySample(tries);
                int restFresh = 0;
                int wsFresh = 0;
                for (int i = 0; i < tries; i++) {
                    String pv = aos.get(i % aos.size());
                    double value = 100 + i + 0.25;
                    long sentWallMs = System.currentTimeMillis();
                    long sent = System.nanoTime();
                    raw.put(pv, value);
                    RestSeen restSeen = awaitRest(port, pv, value, sent);
                    long rest = restSeen.latencyNs();
                    long rawSeen = raw.awaitSeen(pv, value, sent);
                    long wsSeen = ws.awaitSeen(pv, value, sent);
                    rawLatency.add(rawSeen);
                    restLatency.add(rest);
                    wsLatency.add(wsSeen);
                    restFresh += rest <= 500_000_000L ? 1 : 0;
                    wsFresh += wsSeen <= 500_000_000L ? 1 : 0;
                    System.out.printf("  try %d %s=%.2f: raw CAJ %.1f ms, REST %.1f ms (in Kafka after %s ms), "
                                    + "WebSocket %.1f ms%n", i + 1, pv, value, rawSeen / 1e6, rest / 1e6,
                            restSeen.receivedMs() < 0 ? "?" : Long.toString(restSeen.receivedMs() - sentWallMs),
                            wsSeen / 1e6);
                }
                ws.close();
                System.out.println(cpu.report());
                archiveReport(admin, archiveAtStart, windowStarted);
                admin.close();
                System.out.println("health: " + get(port, "/api/v1/health"));
                return String.format("| %,d/s | %,d × 10 | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms | %d of %d | "
                                + "%d of %d |", updatesPerSecond, counters,
                        rawLatency.percentileMs(50), rawLatency.percentileMs(100),
                        restLatency.percentileMs(50), restLatency.percentileMs(100),
                        wsLatency.percentileMs(50), wsLatency.percentileMs(100), restFresh, tries, wsFresh, tries);
            }
        }
    }

    /**
     * The archive beside the live path: PostgreSQL and Connect run at a lower priority in dev, so the question is
     * whether the archive still keeps up or only falls behind quietly.
     */
    private static void archiveReport(Admin admin, ArchiveBenchmark.Offsets start, long startedNs) throws Exception {
        ArchiveBenchmark.Offsets end = ArchiveBenchmark.offsets(admin, ARCHIVE_GROUP);
        double seconds = (System.nanoTime() - startedNs) / 1e9;
        System.out.printf("archive during the warm-up and tries (%.0f s): %,.0f samples/s into pv.archive, %,.0f/s written to "
                        + "PostgreSQL; sink lag %,d records at the start, %,d at the end%n", seconds,
                (end.end() - start.end()) / seconds, (end.committed() - start.committed()) / seconds,
                start.end() - start.committed(), end.end() - end.committed());
    }

    private static String database(int counters, List<String> aos) {
        StringBuilder db = new StringBuilder(SoftIoc.counters("FRESH:CALC%05d", counters, ".1 second"));
        for (String ao : aos) {
            db.append("record(ao, \"").append(ao).append("\") {\n  field(PREC, \"3\")\n}\n");
        }
        return db.toString();
    }

    void awaitConnected(int port, List<String> pvs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (String pv : pvs) {
            while (!get(port, "/api/v1/pvs/" + pv).path("connected").asBoolean(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(pv + " not connected in the stores after 5 minutes");
                }
                Thread.sleep(100); // polling an HTTP API from a harness, not a test
            }
        }
    }

    /**
     * @param latencyNs  from the put until REST showed the value ({@link #GIVE_UP} if never)
     * @param receivedMs when the value was appended to pv.values (the view's {@code received}), -1 if unknown: it
     *                   splits the latency into CA + ingest + broker, and Streams + query
     */
    private record RestSeen(long latencyNs, long receivedMs) {
    }

    private RestSeen awaitRest(int port, String pv, double value, long sentNs) throws Exception {
        while (System.nanoTime() - sentNs < GIVE_UP.toNanos()) {
            JsonNode view = get(port, "/api/v1/pvs/" + pv);
            if (view.path("value").asDouble(Double.NaN) == value) {
                long latency = System.nanoTime() - sentNs;
                String received = view.path("received").asText("");
                return new RestSeen(latency, received.isEmpty() ? -1 : java.time.Instant.parse(received).toEpochMilli());
            }
            Thread.sleep(10);
        }
        System.out.println("  REST never showed " + value + ": " + get(port, "/api/v1/pvs/" + pv));
        return new RestSeen(GIVE_UP.toNanos(), -1);
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static void waitSeconds(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L); // the warm-up of a harness
    }
}
