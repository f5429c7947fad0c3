package io.pvstream.devstack.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import io.pvstream.devstack.ChildJvm;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.config.CommandLineOptions;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.simioc.pva.PvaLoadServerMain;

/**
 * {@code ./pvstream bench}: ingest benchmark on real parts. A fresh KRaft broker per scenario in
 * this JVM; the simulated IOC and the ingest each in their own JVM, so the ingest's CPU is its own.
 * Everything shares this machine's cores; numbers are for this machine, not for a cluster.
 *
 * <p>Every measure is taken twice in the same run, on the same IOC: first by a bare CAJ monitor client
 * ({@link RawCajMonitor}, the baseline: what CA itself costs here), then by the ingest.
 *
 * <p>Options: {@code --connect 10000,40000} (PV counts for the connect-time runs; {@code none} skips them),
 * {@code --rate-pvs 10000 --rate-hz 10 --seconds 20} (the sustained-rate run), {@code --pvs N} (both PV counts at
 * once, for a quick check), {@code --baseline false} (skip the raw CAJ client), {@code --ioc host:port} (an IOC
 * already serving {@code SIM:PV00001..N}, e.g. an EPICS softIoc, instead of the simulator; {@code --rate-hz} is then
 * only the label of what it offers), {@code --protocol pva} (the same runs over pvAccess: a core-pva server with
 * N moving NTScalar doubles ({@code PvaLoadServerMain}), a bare core-pva client as the baseline ({@link RawPvaMonitor})
 * and the ingest monitoring PVs whose pv.config protocol is PVA), {@code --warmup 5} (seconds each client runs
 * before its rate window: at 40K PVs the ingest's start-up backlog and JIT can outlast 5 s).
 */
public final class IngestBenchmark {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(4);

    /** The options and their defaults; "" = not given: --pvs sets both counts, --ioc names an IOC to use. */
    static final Map<String, String> DEFAULTS = Map.of(
            "connect", "10000,40000", "rate-pvs", "10000", "rate-hz", "10", "seconds", "20", "pvs", "",
            "ioc", "", "protocol", "ca", "baseline", "true", "ingest-jvm", "", "warmup", "5");

    private final Map<String, String> options;
    private final List<StageRow> rows = new ArrayList<>();

    private IngestBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        StageRow.print(System.out, measure(CommandLineOptions.parseOrExit("./pvstream bench ingest", DEFAULTS, args)));
        System.exit(0);
    }

    /** Runs the connect and rate runs the options ask for; returns issue 13's rows for them (with a baseline). */
    static List<StageRow> measure(Map<String, String> given) throws Exception {
        Map<String, String> options = new HashMap<>(DEFAULTS);
        options.putAll(given);
        if (!options.get("pvs").isEmpty()) {
            options.put("connect", options.get("pvs"));
            options.put("rate-pvs", options.get("pvs"));
        }
        IngestBenchmark benchmark = new IngestBenchmark(options);
        benchmark.run();
        return benchmark.rows;
    }

    private void run() throws Exception {
        System.out.printf("ingest benchmark on %d cores, Java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (String count : options.get("connect").split(",")) {
            if (!count.isBlank() && !count.strip().equals("none")) {
                connectRun(Integer.parseInt(count.strip()));
            }
        }
        rateRun(Integer.parseInt(options.get("rate-pvs")), Double.parseDouble(options.get("rate-hz")),
                Integer.parseInt(options.get("seconds")));
    }

    /** {@code --ingest-jvm "-XX:StartFlightRecording=..."}: extra options of the ingest JVM, space-separated. */
    private List<String> ingestJvmOptions() {
        String value = options.getOrDefault("ingest-jvm", "").strip();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    private Duration warmup() {
        return Duration.ofSeconds(Long.parseLong(options.get("warmup")));
    }

    private boolean baseline() {
        return !"false".equals(options.getOrDefault("baseline", "true"));
    }

    private boolean pva() {
        return "pva".equals(options.get("protocol"));
    }

    private IngestScenario scenario(int pvs, double hz) throws Exception {
        String ioc = options.get("ioc").isEmpty() ? null : options.get("ioc");
        return pva() ? IngestScenario.startPva(pvs, hz, ioc) : IngestScenario.start(pvs, hz, ioc);
    }

    /** The baseline client, as the output names it. */
    private String raw() {
        return pva() ? "raw core-pva" : "raw CAJ";
    }

    /** Time until every PV has published connected=true; the raw CAJ client's time first. */
    private void connectRun(int pvs) throws Exception {
        try (IngestScenario s = scenario(pvs, 0)) {
            double rawSeconds = Double.NaN;
            if (baseline()) {
                long rawStart = System.nanoTime();
                try (RawClient raw = s.startRawClient(pvs)) {
                    raw.awaitConnected(CONNECT_TIMEOUT);
                    rawSeconds = (System.nanoTime() - rawStart) / 1e9;
                    System.out.printf("connect %,d PVs, %s client: %.2f s from process start to all connected "
                                    + "(first→last connect %.2f s), CPU %.2f s%n", pvs, raw(),
                            (System.nanoTime() - rawStart) / 1e9, raw.connectSpanMs() / 1000.0,
                            raw.jvm.cpu().toMillis() / 1000.0);
                }
            }
            long start = System.nanoTime();
            s.startIngest(ingestJvmOptions());
            ConnectSpan span = s.awaitAllConnected(pvs, CONNECT_TIMEOUT);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("connect %,d PVs, ingest: %.2f s from process start to all connected "
                            + "(first→last connect %.2f s), ingest CPU %.2f s%n",
                    pvs, seconds, span.seconds(), s.ingest.cpu().toMillis() / 1000.0);
            if (!Double.isNaN(rawSeconds)) {
                System.out.printf("connect %,d PVs, ingest / %s: %.2f× (goal ≤ 1.5)%n", pvs, raw(),
                        seconds / rawSeconds);
                rows.add(new StageRow(stage(pvs, 0), String.format("connect %,d PVs (process start → all connected)",
                        pvs), String.format("%.2f s", seconds), String.format("%s %.2f s", raw(), rawSeconds),
                        StageRow.times(seconds / rawSeconds), "≤ 1.5×", seconds / rawSeconds <= 1.5));
            }
        }
    }

    /**
     * Sustained updates/s into pv.values, ingest CPU per update, IOC time → Kafka append latency; before it, the raw
     * CAJ client's events/s and CPU per event on the same IOC.
     */
    private void rateRun(int pvs, double hz, int seconds) throws Exception {
        try (IngestScenario s = scenario(pvs, hz)) {
            System.out.printf("rate %,d PVs @ %.1f Hz (IOC offers %,.0f updates/s), windows of %d s:%n",
                    pvs, hz, pvs * hz, seconds);
            RawClient.Window rawWindow = null;
            if (baseline()) {
                try (RawClient raw = s.startRawClient(pvs)) {
                    raw.awaitConnected(CONNECT_TIMEOUT);
                    raw.measure(warmup());
                    RawClient.Window window = raw.measure(Duration.ofSeconds(seconds));
                    rawWindow = window;
                    System.out.printf("  %s client: %,.0f events/s, CPU %.1f %% of one core, %.2f µs per event%n",
                            raw(), window.eventsPerSecond(), 100 * window.cpuShare(), window.cpuMicrosPerEvent());
                }
            }
            s.startIngest(ingestJvmOptions());
            s.awaitAllConnected(pvs, CONNECT_TIMEOUT);
            Thread.sleep(warmup().toMillis()); // the harness reads nothing during the window: it takes no CPU from it
            Map<TopicPartition, Long> offsets0 = s.endOffsets(Topics.PV_VALUES);
            Duration cpu0 = s.ingest.cpu();
            long t0 = System.nanoTime();
            long wall0 = System.currentTimeMillis() * 1_000_000L;
            Thread.sleep(seconds * 1_000L); // the measuring window itself
            Map<TopicPartition, Long> offsets1 = s.endOffsets(Topics.PV_VALUES);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (s.ingest.cpu().toNanos() - cpu0.toNanos()) / 1e9;
            long wall1 = System.currentTimeMillis() * 1_000_000L;
            long published = sum(offsets1) - sum(offsets0);
            double perUpdate = cpuSeconds * 1e6 / Math.max(1, published);
            System.out.printf("  ingest: %,.0f pv.values appends/s, CPU %.1f %% of one core, %.2f µs per update "
                    + "(over %.1f s)%n", published / elapsed, 100 * cpuSeconds / elapsed, perUpdate, elapsed);
            if (rawWindow != null) {
                double appendShare = published / elapsed / rawWindow.eventsPerSecond();
                double cpuRatio = perUpdate / rawWindow.cpuMicrosPerEvent();
                System.out.printf("  ingest / %s: appends %.2f of raw events/s (goal ≥ 0.50), CPU per update "
                                + "%.1f× raw (goal ≤ 4)%n", raw(), appendShare, cpuRatio);
                rows.add(new StageRow(stage(pvs, hz), "CPU per update", String.format("%.2f µs", perUpdate),
                        String.format("%s %.2f µs", raw(), rawWindow.cpuMicrosPerEvent()), StageRow.times(cpuRatio),
                        "≤ 4×", cpuRatio <= 4));
                rows.add(new StageRow(stage(pvs, hz), "sustained pv.values appends", String.format("%,.0f/s",
                        published / elapsed), String.format("%s %,.0f events/s", raw(),
                        rawWindow.eventsPerSecond()), StageRow.percent(appendShare), "≥ 50 %", appendShare >= 0.5));
            }
            String coalesced = printCoalesced(PvValuesAudit.heartbeats(s.kafka.bootstrapServers()), wall0, wall1);
            PvValuesAudit.Result audit = PvValuesAudit.read(s.kafka.bootstrapServers(), offsets0, offsets1, wall1);
            rows.add(StageRow.absolute(stage(pvs, hz), "nothing lost: PVs with an update in the window; updates "
                    + "out of IOC-time order; coalesced (counted)", String.format("%,d of %,d PVs; %,d; %s",
                    audit.pvsSeen(), pvs, audit.outOfOrder(), coalesced), "every PV, 0 out of order",
                    audit.pvsSeen() == pvs && audit.outOfOrder() == 0));
            System.out.printf("  read back: %,d updates of %,d of the %,d PVs, %,d out of IOC-time order; each PV's "
                            + "newest value at the window's end was p99 %.0f ms, max %.0f ms old%n", audit.records(),
                    audit.pvsSeen(), pvs, audit.outOfOrder(), audit.stalenessP99Ms(), audit.stalenessMaxMs());
            if (audit.outOfOrder() > 0) {
                System.out.printf("  out of order: %,d PVs, IOC time back by up to %.1f ms; first: %s%n",
                        audit.outOfOrderPvs(), audit.maxBackwardsMs(), audit.firstOutOfOrder());
            }
            LatencySample latency = audit.latency();
            System.out.printf("  IOC timestamp → Kafka append (LogAppendTime): p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%,d)%n",
                    latency.percentileMs(50), latency.percentileMs(99), latency.percentileMs(100), latency.count());
        }
    }

    private String stage(int pvs, double hz) {
        String ioc = options.get("ioc").isEmpty() ? (pva() ? "core-pva load server" : "CAJ simulator") : "IOC "
                + options.get("ioc");
        return hz == 0 ? String.format("ingest: %s, %,d PVs", ioc, pvs)
                : String.format("ingest: %s, %,d PVs @ %.0f Hz → pv.values", ioc, pvs, hz);
    }

    /**
     * CA updates the ingest received and how many it coalesced during the window, from its heartbeats.
     *
     * @return the coalesced count, e.g. "12,345 coalesced in 5 s", or "coalesced: unknown"
     */
    private static String printCoalesced(List<IngestHeartbeat> beats, long wall0, long wall1) {
        IngestHeartbeat first = null;
        IngestHeartbeat last = null;
        for (IngestHeartbeat beat : beats) {
            if (beat.getTimestampNs() <= wall0) {
                first = beat;
            }
            if (beat.getTimestampNs() <= wall1) {
                last = beat;
            }
        }
        if (first == null || last == null || first == last) {
            System.out.println("  (no heartbeats around the window: coalesced count unknown)");
            return "coalesced: unknown";
        }
        double seconds = (last.getTimestampNs() - first.getTimestampNs()) / 1e9;
        System.out.printf("  ingest received %,.0f monitor updates/s; coalesced (newest per PV wins, overload) %,d in %.0f s "
                        + "(%,d since start)%n", last.getUpdatesPerSecond(),
                last.getCoalescedTotal() - first.getCoalescedTotal(), seconds, last.getCoalescedTotal());
        return String.format("%,d coalesced in %.0f s", last.getCoalescedTotal() - first.getCoalescedTotal(), seconds);
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    record ConnectSpan(long firstNs, long lastNs) {
        double seconds() {
            return (lastNs - firstNs) / 1e9;
        }
    }

    /** The baseline client's JVM and what it reports. */
    static final class RawClient implements AutoCloseable {
        final ChildJvm jvm;
        private final Path status;

        RawClient(ChildJvm jvm, Path status) {
            this.jvm = jvm;
            this.status = status;
        }

        /** @param eventsPerSecond monitor events the client received per second in the window */
        record Window(double eventsPerSecond, double cpuShare, double cpuMicrosPerEvent) {
        }

        void awaitConnected(Duration timeout) throws InterruptedException {
            jvm.awaitReady(timeout);
        }

        long connectSpanMs() {
            String line = jvm.readyLine();
            return Long.parseLong(line.substring(line.indexOf("span_ms=") + "span_ms=".length()).strip());
        }

        /** Events and CPU over {@code duration} from now (the client writes its count every 100 ms). */
        Window measure(Duration duration) throws InterruptedException {
            long events0 = RawCajMonitor.Status.read(status).events();
            Duration cpu0 = jvm.cpu();
            long t0 = System.nanoTime();
            Thread.sleep(duration.toMillis()); // the measuring window itself
            long events = RawCajMonitor.Status.read(status).events() - events0;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (jvm.cpu().toNanos() - cpu0.toNanos()) / 1e9;
            return new Window(events / elapsed, cpuSeconds / elapsed, cpuSeconds * 1e6 / Math.max(1, events));
        }

        @Override
        public void close() throws InterruptedException {
            jvm.close();
        }
    }

    /** Latencies in ns, kept in an array (bounded) and sorted once for percentiles. */
    static final class LatencySample {
        private final long[] values;
        private int size;

        LatencySample(int capacity) {
            values = new long[capacity];
        }

        void add(long nanos) {
            if (size < values.length) {
                values[size++] = nanos;
            }
        }

        int count() {
            return size;
        }

        double percentileMs(double p) {
            if (size == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int index = (int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}
