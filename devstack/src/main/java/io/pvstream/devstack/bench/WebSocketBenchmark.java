package io.pvstream.devstack.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;

import io.pvstream.devstack.EmbeddedKafka;
import io.pvstream.devstack.PvConfigSeeder;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.IngestService;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.query.QueryApiServer;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.config.CommandLineOptions;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.simioc.SimulatedIoc;
import io.pvstream.streams.diff.DiffSerdes;

/**
 * {@code ./pvstream bench ws}: N WebSocket clients, each subscribed to the same M PVs that change at 1–10 Hz,
 * on one query-api instance. Everything in this JVM: a KRaft broker, one simulated IOC per update rate, the
 * ingest, the query-api (with its Streams instance) and the clients. Reports IOC timestamp → WebSocket receive
 * latency and the bytes sent, against what pushing full PV states would take.
 *
 * <p>Options: {@code --clients 100 --pvs 1000 --rates 1,2,5,10 --seconds 30 --window-ms 100}. The services
 * also read {@code PVSTREAM_*} environment variables (e.g. {@code PVSTREAM_STREAMS_COMMIT_INTERVAL_MS}).
 */
public final class WebSocketBenchmark {

    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(3);
    private static final int LATENCY_SAMPLE_EVERY = 10;

    private final int clients;
    private final int pvs;
    private final List<Double> rates;
    private final int seconds;
    private final long windowMs;

    private WebSocketBenchmark(Map<String, String> options) {
        clients = Integer.parseInt(options.get("clients"));
        pvs = Integer.parseInt(options.get("pvs"));
        rates = List.of(options.get("rates").split(",")).stream().map(r -> Double.parseDouble(r.strip())).toList();
        seconds = Integer.parseInt(options.get("seconds"));
        windowMs = Long.parseLong(options.get("window-ms"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench ws", Map.of(
                "clients", "100", "pvs", "1000", "rates", "1,2,5,10", "seconds", "30", "window-ms", "100"), args);
        new WebSocketBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("WebSocket benchmark on %d cores, Java %s, everything in one JVM%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Path dir = BenchDirs.temporary("pvstream-bench-ws");
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
            parts.add(0, kafka);
            Map<String, Object> common = Map.of(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            try (Admin admin = Admin.create(new HashMap<>(common))) {
                TopicInitializer.ensureTopics(admin, 6, (short) 1);
                awaitLeaders(admin);
            }
            List<String> names = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            int perIoc = pvs / rates.size();
            for (int i = 0; i < rates.size(); i++) {
                SimulatedIoc ioc = SimulatedIoc.builder().prefix("R" + i + ":").pvCount(perIoc)
                        .updateRateHz(rates.get(i)).setpointCount(0).waveformLength(16).port(0).build();
                parts.add(0, ioc);
                ioc.start();
                addresses.add(ioc.addressList());
                for (int n = 1; n <= perIoc; n++) {
                    names.add(ioc.simulatedPvName(n));
                }
            }
            PvConfigSeeder.seed(new HashMap<>(common), names);
            Map<String, Object> ingestOverrides = new HashMap<>(common);
            ingestOverrides.put(IngestConfig.CA_ADDR_LIST, String.join(" ", addresses));
            IngestService ingest = new IngestService(IngestConfig.load(System.getenv(), ingestOverrides));
            parts.add(0, ingest);
            ingest.start();
            Map<String, Object> apiOverrides = new HashMap<>(common);
            apiOverrides.put(QueryApiConfig.HTTP_PORT, 0);
            apiOverrides.put("streams.state.dir", dir.resolve("streams").toString());
            apiOverrides.put(QueryApiConfig.WS_BATCH_WINDOW_MS, windowMs);
            QueryApiServer api = QueryApiServer.start(QueryApiConfig.load(System.getenv(), apiOverrides));
            parts.add(0, api);
            if (!api.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("query-api not RUNNING: " + api.streamsState());
            }
            measure(api.port(), names, kafka.bootstrapServers());
        } finally {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }
    }

    private void measure(int port, List<String> names, String bootstrap) throws Exception {
        double updatesPerSecond = rates.stream().mapToDouble(rate -> rate * (pvs / rates.size())).sum();
        System.out.printf("%d clients × %d PVs (rates %s Hz: %,.0f updates/s), window %d ms, %d s%n", clients,
                names.size(), rates, updatesPerSecond, windowMs, seconds);
        String subscribe = "{\"type\":\"subscribe\",\"pvs\":[" + names.stream().map(n -> "\"" + n + "\"")
                .collect(Collectors.joining(",")) + "]}";
        IngestBenchmark.LatencySample latencies = new IngestBenchmark.LatencySample(5_000_000);
        HttpClient http = HttpClient.newHttpClient(); // one selector thread for all clients
        List<BenchWsClient> all = new ArrayList<>();
        waitUntilEveryPvHasAValue(port, names);
        for (int i = 0; i < clients; i++) {
            BenchWsClient client = new BenchWsClient(latencies, LATENCY_SAMPLE_EVERY);
            client.connect(http, port);
            client.send(subscribe);
            all.add(client);
        }
        for (BenchWsClient client : all) {
            if (!client.awaitSnapshot(120)) {
                throw new IllegalStateException("no snapshot within 120 s (closed: " + client.closeReason() + ")");
            }
        }
        // Where a latency comes from: the same IOC timestamps seen on pv.values and pv.diffs.
        TopicLatencyProbe<PvValue> valuesProbe = new TopicLatencyProbe<>(bootstrap, Topics.PV_VALUES,
                Serdes.PV_VALUE.deserializer(), PvValue::getTimestampNs);
        TopicLatencyProbe<PvDiff> diffsProbe = new TopicLatencyProbe<>(bootstrap, Topics.PV_DIFFS,
                DiffSerdes.PV_DIFF.deserializer(), diff -> diff.getCurrent().getValue() == null ? 0
                        : diff.getCurrent().getValue().getTimestampNs());
        settle(diffsProbe);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        all.forEach(BenchWsClient::startMeasuring);
        valuesProbe.startMeasuring();
        diffsProbe.startMeasuring();
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        all.forEach(BenchWsClient::stopMeasuring);
        valuesProbe.stop();
        diffsProbe.stop();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpuCores = (processCpuNanos() - cpu0) / 1e9 / elapsed;
        System.out.printf("over %.1f s:%n", elapsed);
        printLatency("IOC timestamp → consumed from pv.values", valuesProbe.sample());
        printLatency("IOC timestamp → consumed from pv.diffs", diffsProbe.sample());
        report(all, latencies, elapsed, cpuCores, updatesPerSecond);
        all.forEach(BenchWsClient::close);
    }

    private void report(List<BenchWsClient> all, IngestBenchmark.LatencySample latencies, double elapsed,
                        double cpuCores, double updatesPerSecond) {
        long bytes = all.stream().mapToLong(BenchWsClient::diffBytes).sum();
        long messages = all.stream().mapToLong(BenchWsClient::diffMessages).sum();
        long entries = all.stream().mapToLong(BenchWsClient::diffEntries).sum();
        BenchWsClient sample = all.get(0);
        double pvViewBytes = (double) sample.snapshotBytes() / Math.max(1, sample.snapshotPvs());
        double sentPerClient = bytes / elapsed / all.size();
        double fullPerWindowPerClient = pvs * pvViewBytes * 1000.0 / windowMs;
        double fullPerUpdatePerClient = updatesPerSecond * pvViewBytes;
        long closed = all.stream().filter(c -> c.closeReason() != null).count();
        printLatency("IOC timestamp → WebSocket receive", latencies);
        System.out.printf("  diffs received: %,.0f /s in all (%,.0f per client/s), %,.1f messages per client/s, "
                + "%.0f diffs per message%n", entries / elapsed, entries / elapsed / all.size(),
                messages / elapsed / all.size(), (double) entries / Math.max(1, messages));
        System.out.printf("  bytes sent: %,.0f B/s per client, %,.1f MB/s in all%n", sentPerClient,
                bytes / elapsed / 1e6);
        System.out.printf("  full PV view: %.0f B; full-state push per window: %,.0f B/s per client (%.1f× the diffs);"
                + " full state per update: %,.0f B/s per client (%.1f×)%n", pvViewBytes, fullPerWindowPerClient,
                fullPerWindowPerClient / sentPerClient, fullPerUpdatePerClient, fullPerUpdatePerClient / sentPerClient);
        System.out.printf("  JVM CPU: %.2f cores of %d; clients closed by the server: %d%n", cpuCores,
                Runtime.getRuntime().availableProcessors(), closed);
    }

    /**
     * Waits (a benchmark, not a test: sleeping is fine) until the start-up backlog has drained, that is until
     * pv.diffs has been within a second of the IOC for {@link #SETTLE}, so the run measures the steady state.
     */
    private static void settle(TopicLatencyProbe<?> diffs) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + SETTLE_LIMIT.toNanos();
        long caughtUpSince = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            if (diffs.lastLatencyMs() > 1_000) {
                caughtUpSince = 0;
            } else if (caughtUpSince == 0) {
                caughtUpSince = System.nanoTime();
            } else if (System.nanoTime() - caughtUpSince > SETTLE.toNanos()) {
                break;
            }
        }
        System.out.printf("settled after %.0f s (pv.diffs %s the IOC by %d ms)%n", (System.nanoTime() - start) / 1e9,
                diffs.lastLatencyMs() > 1_000 ? "still behind" : "within 1 s of", diffs.lastLatencyMs());
    }

    private static void printLatency(String what, IngestBenchmark.LatencySample sample) {
        System.out.printf("  %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%,d sampled)%n", what,
                sample.percentileMs(50), sample.percentileMs(99), sample.percentileMs(100), sample.count());
    }

    private void waitUntilEveryPvHasAValue(int port, List<String> names) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (String name : List.of(names.get(0), names.get(names.size() - 1))) {
            while (!hasValue(http, port, name)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " has no value after 2 minutes");
                }
                Thread.sleep(200);
            }
        }
    }

    private static boolean hasValue(HttpClient http, int port, String name) {
        try {
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/pvs/" + name)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"value\":")
                    && !response.body().contains("\"value\":null");
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Producing to partitions created a moment ago can meet a leader that is not ready yet; an idempotent
     * producer then sometimes loops on OutOfOrderSequence (seen with the seeder): wait until all have a leader.
     */
    private static void awaitLeaders(Admin admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var topics = admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get();
            boolean ready = topics.values().stream().flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.isr().isEmpty());
            if (ready || System.nanoTime() > deadline) {
                Thread.sleep(1000); // leadership is published before the leader serves: give it a second
                return;
            }
            Thread.sleep(100);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
