package io.pvstream.devstack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import io.pvstream.devstack.DevConfig;
import io.pvstream.devstack.DevPlatform;
import io.pvstream.devstack.SoftIoc;
import io.pvstream.devstack.bench.IngestBenchmark.LatencySample;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.config.CommandLineOptions;
import io.pvstream.streams.diff.DiffSerdes;

/**
 * {@code ./pvstream bench latency}: issue 13's latency row, IOC timestamp → {@code pv.values} append / →
 * {@code pv.diffs} / → WebSocket at 100K updates/s. A real softIoc serves {@code rate / 10} calc records counting at
 * 10 Hz; the whole platform runs in this JVM as {@code ./pvstream dev --no-sim} does (broker, ingest, Streams + query
 * API and, unless {@code --ops false}, PostgreSQL, Connect and the archive). Once the PVs are in the stores, a
 * WebSocket client subscribes to the first {@code --ws-pvs} PVs and a {@code pv.diffs} probe starts; both run through
 * the warm-up (so their paths in the server are compiled too), then a window of {@code --seconds} is measured:
 * <ul>
 *   <li>IOC → {@code pv.values} append: {@code pv.values} is LogAppendTime, so a record's timestamp is its append
 *       time. Its records between the end offsets at the window's start and end are read back after the window
 *       ({@link PvValuesAudit}), so this hop costs no CPU during it.</li>
 *   <li>IOC → {@code pv.diffs}: that topic is CreateTime, and Streams gives a diff the timestamp of the
 *       {@code pv.values} record it came from, so a diff's record time is not its append time. A
 *       {@link TopicLatencyProbe} consumes the topic live instead and takes the time it reads a diff: append plus a
 *       consumer fetch. It decodes every {@value #DIFF_SAMPLE_EVERY}th diff only, to take little CPU.</li>
 *   <li>IOC → WebSocket: receive wall time minus the diff's {@code timestampNs} for every diff received
 *       ({@link BenchWsClient}), including the server's batch window ({@code ws.batch.window.ms}).</li>
 * </ul>
 * Also the achieved {@code pv.values} and {@code pv.diffs} appends/s (end offsets) and where the machine's CPU went.
 * After the window the IOC is stopped, so reading {@code pv.values} back does not compete with the load.
 *
 * <p>Options: {@code --rate 100000 --warmup-s 120 --seconds 30 --ws-pvs 1000 --ops true}. The warm-up is long
 * because on a 2-core machine the JIT compiles for about two minutes after the JVM starts.
 */
public final class LatencyBenchmark {

    private static final int DEFAULT_WS_PVS = 1000;
    private static final int DIFF_SAMPLE_EVERY = 10;
    private static final double VALUES_GOAL_MS = 50;
    private static final double DIFFS_GOAL_MS = 150;
    private static final double WS_GOAL_MS = 250;

    private LatencyBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench latency", Map.of(
                "rate", "100000", "warmup-s", "120", "seconds", "30", "ws-pvs", Integer.toString(DEFAULT_WS_PVS),
                "ops", "true"), args);
        try {
            StageRow.print(System.out, measure(Integer.parseInt(options.get("rate")),
                    Integer.parseInt(options.get("warmup-s")), Integer.parseInt(options.get("seconds")),
                    Integer.parseInt(options.get("ws-pvs")), Boolean.parseBoolean(options.get("ops"))));
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the platform is closed by now; no thread left behind keeps the JVM
        }
        System.exit(0);
    }

    /** {@link #measure(int, int, int, int, boolean)} with a WebSocket client on 1,000 PVs and the ops stack on. */
    static List<StageRow> measure(int rate, int warmupS, int seconds) throws Exception {
        return measure(rate, warmupS, seconds, DEFAULT_WS_PVS, true);
    }

    /**
     * @param rate   updates/s the IOC offers: {@code rate / 10} PVs at 10 Hz
     * @param wsPvs  PVs the WebSocket client subscribes to (the first of the IOC's)
     * @param ops    whether the operations-records stack (PostgreSQL, Connect, archive) runs, as in {@code dev}
     * @return issue 13's three latency rows
     */
    static List<StageRow> measure(int rate, int warmupS, int seconds, int wsPvs, boolean ops) throws Exception {
        int counters = Math.max(1, rate / 10);
        int offered = counters * 10;
        List<String> names = IntStream.rangeClosed(1, counters).mapToObj(i -> String.format("LAT:CALC%05d", i))
                .toList();
        List<String> watched = names.subList(0, Math.min(wsPvs, counters));
        System.out.printf("latency benchmark on %d cores, Java %s: %,d updates/s offered (softIoc %,d PVs @ 10 Hz), "
                        + "ops stack %s, WebSocket client on %,d PVs, warm-up %d s, window %d s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), offered,
                counters, ops ? "on" : "off", watched.size(), warmupS, seconds);
        Path dir = BenchDirs.temporary("pvstream-bench-latency");
        try (SoftIoc ioc = SoftIoc.start(dir.resolve("softioc"), "latency",
                SoftIoc.counters("LAT:CALC%05d", counters, ".1 second"), names.get(0))) {
            Path pvFile = Files.write(dir.resolve("pvs.txt"), names);
            DevConfig config = DevConfig.load(Map.of(), List.of("--no-sim", "--http-port", "0", "--broker-port", "0",
                    "--data-dir", dir.resolve("platform").toString(), "--pv-file", pvFile.toString(),
                    "--ca-addr-list", ioc.addressList(), "--ops-enabled", Boolean.toString(ops)));
            try (DevPlatform platform = DevPlatform.start(config, Map.of());
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                         platform.bootstrapServers()))) {
                long t0 = System.nanoTime();
                new FreshnessBenchmark().awaitConnected(platform.httpPort(),
                        List.of(names.get(0), watched.get(watched.size() - 1), names.get(names.size() - 1)));
                System.out.printf("PVs in the stores after %.1f s%n", (System.nanoTime() - t0) / 1e9);
                LatencySample wsLatency = new LatencySample((int) Math.min(5_000_000, 20L * watched.size() * seconds));
                BenchWsClient ws = new BenchWsClient(wsLatency, 1);
                WebSocket socket = subscribe(platform.httpPort(), platform.adminKey(), ws, watched);
                TopicLatencyProbe<PvDiff> diffs = new TopicLatencyProbe<>(platform.bootstrapServers(),
                        Topics.PV_DIFFS, everyNth(DiffSerdes.PV_DIFF.deserializer(), DIFF_SAMPLE_EVERY),
                        diff -> diff.getCurrent().getValue() == null ? 0
                                : diff.getCurrent().getValue().getTimestampNs());
                System.out.printf("warming up %d s%n", warmupS);
                Thread.sleep(warmupS * 1000L); // the warm-up of a harness
                System.out.printf("measuring %d s (pv.diffs was %d ms behind the IOC at the start)%n", seconds,
                        diffs.lastLatencyMs());
                Map<TopicPartition, Long> values0 = endOffsets(admin, Topics.PV_VALUES);
                Map<TopicPartition, Long> diffs0 = endOffsets(admin, Topics.PV_DIFFS);
                MachineCpu cpu = new MachineCpu();
                long windowStart = System.nanoTime();
                ws.startMeasuring();
                diffs.startMeasuring();
                Thread.sleep(seconds * 1000L); // the measuring window: the harness only receives during it
                ws.stopMeasuring();
                diffs.stop();
                Map<TopicPartition, Long> values1 = endOffsets(admin, Topics.PV_VALUES);
                Map<TopicPartition, Long> diffs1 = endOffsets(admin, Topics.PV_DIFFS);
                long windowEndWallNs = System.currentTimeMillis() * 1_000_000L;
                double elapsed = (System.nanoTime() - windowStart) / 1e9;
                String cpuReport = cpu.report();
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                socket.abort();
                ioc.stop(); // the load ends with the window: reading pv.values back gets the cores
                PvValuesAudit.Result values = PvValuesAudit.read(platform.bootstrapServers(), values0, values1,
                        windowEndWallNs);
                double valuesRate = (sum(values1) - sum(values0)) / elapsed;
                double diffsRate = (sum(diffs1) - sum(diffs0)) / elapsed;
                double wsRate = ws.diffEntries() / elapsed;
                System.out.printf("over %.1f s: pv.values %,.0f appends/s (%,d of %,d PVs seen), pv.diffs %,.0f "
                                + "appends/s, WebSocket %,.0f diffs/s received (closed: %s)%n", elapsed, valuesRate,
                        values.pvsSeen(), counters, diffsRate, wsRate, ws.closeReason() == null ? "no"
                                : ws.closeReason());
                System.out.println(cpuReport);
                print("IOC timestamp → pv.values append (LogAppendTime, read back)", values.latency());
                print("IOC timestamp → pv.diffs consumed (probe, every " + DIFF_SAMPLE_EVERY + "th diff)",
                        diffs.sample());
                print("IOC timestamp → WebSocket receive", wsLatency);
                String stage = String.format("latency at %s updates/s offered (softIoc %,d PVs @ 10 Hz, whole "
                        + "platform%s)", offered % 1000 == 0 ? offered / 1000 + "K" : String.format("%,d", offered),
                        counters, ops ? "" : ", no ops stack");
                return List.of(
                        row(stage, "IOC → pv.values append p99", values.latency(),
                                String.format("%,.0f appends/s", valuesRate), VALUES_GOAL_MS),
                        row(stage, "IOC → pv.diffs p99 (consumed)", diffs.sample(),
                                String.format("%,.0f diffs/s", diffsRate), DIFFS_GOAL_MS),
                        row(stage, String.format("IOC → WebSocket receive p99 (%,d PVs)", watched.size()), wsLatency,
                                String.format("%,.0f diffs/s received", wsRate), WS_GOAL_MS));
            }
        }
    }

    /** A client of {@code /api/v1/ws} subscribed to {@code pvs}, once its snapshot has come. */
    private static WebSocket subscribe(int port, String key, BenchWsClient client, List<String> pvs) throws Exception {
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + key)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), client).get(30, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"subscribe\",\"id\":\"latency\",\"pvs\":"
                + FreshnessBenchmark.JSON.writeValueAsString(pvs) + "}", true).get(30, TimeUnit.SECONDS);
        if (!client.awaitSnapshot(120)) {
            throw new IllegalStateException("no WebSocket snapshot in 120 s (closed: " + client.closeReason() + ")");
        }
        return socket;
    }

    /** Decodes every {@code n}th record only (the others read as null, which the probe skips). */
    private static <T> Deserializer<T> everyNth(Deserializer<T> decoder, int n) {
        long[] seen = {0}; // the probe's consumer thread is the only caller
        return (topic, bytes) -> bytes != null && seen[0]++ % n == 0 ? decoder.deserialize(topic, bytes) : null;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void print(String hop, LatencySample sample) {
        System.out.printf("  %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%,d)%n", hop, sample.percentileMs(50),
                sample.percentileMs(99), sample.percentileMs(100), sample.count());
    }

    private static StageRow row(String stage, String measure, LatencySample sample, String rate, double goalMs) {
        double p99 = sample.percentileMs(99);
        String result = sample.count() == 0 ? "no samples (" + rate + ")"
                : String.format("%.0f ms (p50 %.0f ms, %s)", p99, sample.percentileMs(50), rate);
        return StageRow.absolute(stage, measure, result, String.format("≤ %.0f ms", goalMs),
                sample.count() > 0 && p99 <= goalMs);
    }
}
