package io.pvstream.devstack.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

import io.pvstream.devstack.EmbeddedKafka;
import io.pvstream.devstack.SoftIoc;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.config.CommandLineOptions;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/**
 * {@code ./pvstream bench pipeline}: every stage of the PV path beside its limit, each in the same run as its
 * baseline, ending with one table of issue 13's rows (stage, baseline, ratio, goal, met). {@code --stages} picks
 * them, in this order:
 *
 * <ol>
 *   <li><b>ingest</b>: a real softIoc serving {@code --ingest-pvs} counters at 10 Hz (or the IOC at {@code --ioc}),
 *       {@link IngestBenchmark}'s connect and rate runs: the ingest beside a raw CAJ client. Each client runs
 *       {@code --ingest-warmup-s} before its rate window: the ingest JVM's JIT compiles for 60–90 s after its PVs
 *       connect here (jstat), and a window inside that measures the compiler too.</li>
 *   <li><b>streams</b>, on an embedded broker in this JVM:
 *     <ol>
 *       <li>Pre-fills pv.config, pv.meta, pv.connections for {@code --pvs} PVs and {@code --updates} pv.values
 *           records ({@link PipelinePrefill}: every update is a change, so every branch works on each).</li>
 *       <li><b>Baseline</b>: one plain {@code KafkaConsumer} reads pv.values from the start and deserializes every
 *           value (twice; the better run counts, the first warms the JIT and the page cache).</li>
 *       <li>The whole PV topology ({@link PvTopology#buildTopology}) from a fresh application id with
 *           {@code --threads} stream threads (each count in turn), then {@code --instances} instances of one thread
 *           each in this JVM, timed from the first commit past {@code --warmup} updates until the committed offsets of
 *           every input topic reach their end, or {@code --max-seconds}. Prints updates/s, the ratio to the baseline,
 *           CPU per update (stream threads; whole JVM, broker included) and each branch's share of the stream threads
 *           ({@link StreamThreadSampler}).</li>
 *     </ol></li>
 *   <li><b>archive</b>: {@link ArchiveSinkBenchmark}, the archive sink beside {@code COPY}.</li>
 *   <li><b>latency</b>: {@link LatencyBenchmark}, IOC timestamp → pv.values / pv.diffs / WebSocket on the whole
 *       platform at {@code --latency-rate} updates/s offered by a softIoc.</li>
 * </ol>
 * Options: {@code --stages ingest,streams,archive,latency --ioc "" --ingest-pvs 40000 --ingest-seconds 20
 * --ingest-warmup-s 120 --updates 5000000 --pvs 40000 --partitions 6 --threads 1,2 --instances 2
 * --max-seconds 600 --commit-ms default --fetch-wait-ms default --warmup 1000000 --archive-rows 300000
 * --latency-rate 100000 --latency-warmup-s 120 --latency-seconds 30} (lists, e.g. {@code --commit-ms 100,1000},
 * run a Streams row for each combination; a row past the JIT's compiling needs the warm-up). Streams alone,
 * quickly: {@code --stages streams --updates 500000 --warmup 0 --threads 1 --instances 1}.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench pipeline", Map.ofEntries(
                Map.entry("stages", "ingest,streams,archive,latency"), Map.entry("ioc", ""),
                Map.entry("ingest-pvs", "40000"), Map.entry("ingest-seconds", "20"),
                Map.entry("ingest-warmup-s", "120"),
                Map.entry("updates", "5000000"), Map.entry("pvs", "40000"), Map.entry("partitions", "6"),
                Map.entry("threads", "1,2"), Map.entry("instances", "2"), Map.entry("max-seconds", "600"),
                Map.entry("commit-ms", "default"), Map.entry("fetch-wait-ms", "default"),
                Map.entry("warmup", "1000000"), Map.entry("archive-rows", "300000"),
                Map.entry("latency-rate", "100000"), Map.entry("latency-warmup-s", "120"),
                Map.entry("latency-seconds", "30")), args);
        System.out.printf("pipeline benchmark on %d cores, Java %s, max heap %,d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        List<String> stages = List.of(options.get("stages").split(",")).stream().map(String::strip).toList();
        List<StageRow> rows = new ArrayList<>();
        if (stages.contains("ingest")) {
            rows.addAll(ingestStage(options));
        }
        if (stages.contains("streams")) {
            rows.addAll(streamsStage(options));
        }
        if (stages.contains("archive")) {
            System.out.printf("%n== archive ==%n");
            rows.addAll(ArchiveSinkBenchmark.measure(Integer.parseInt(options.get("archive-rows")),
                    Integer.parseInt(options.get("pvs"))));
        }
        if (stages.contains("latency")) {
            System.out.printf("%n== latency ==%n");
            rows.addAll(LatencyBenchmark.measure(Integer.parseInt(options.get("latency-rate")),
                    Integer.parseInt(options.get("latency-warmup-s")), Integer.parseInt(options.get("latency-seconds"))));
        }
        StageRow.print(System.out, rows);
        System.exit(0);
    }

    /** The ingest beside a raw CAJ client, against a softIoc of its own unless {@code --ioc} names one. */
    private static List<StageRow> ingestStage(Map<String, String> options) throws Exception {
        int pvs = Integer.parseInt(options.get("ingest-pvs"));
        Map<String, String> ingest = Map.of("connect", Integer.toString(pvs), "rate-pvs", Integer.toString(pvs),
                "rate-hz", "10", "seconds", options.get("ingest-seconds"), "warmup", options.get("ingest-warmup-s"));
        System.out.printf("%n== ingest ==%n");
        if (!options.get("ioc").isEmpty()) {
            Map<String, String> withIoc = new HashMap<>(ingest);
            withIoc.put("ioc", options.get("ioc"));
            return IngestBenchmark.measure(withIoc);
        }
        Path dir = BenchDirs.temporary("pvstream-bench-pipeline-ioc");
        try (SoftIoc ioc = SoftIoc.start(dir, "sim", SoftIoc.counters("SIM:PV%05d", pvs, ".1 second"), "SIM:PV00001")) {
            System.out.printf("softIoc serving SIM:PV00001..%05d at 10 Hz on %s%n", pvs, ioc.addressList());
            Map<String, String> withIoc = new HashMap<>(ingest);
            withIoc.put("ioc", ioc.addressList());
            return IngestBenchmark.measure(withIoc);
        }
    }

    private static List<StageRow> streamsStage(Map<String, String> options) throws Exception {
        long updates = Long.parseLong(options.get("updates"));
        long warmup = Long.parseLong(options.get("warmup"));
        int pvs = Integer.parseInt(options.get("pvs"));
        int partitions = Integer.parseInt(options.get("partitions"));
        int maxSeconds = Integer.parseInt(options.get("max-seconds"));
        int instances = Integer.parseInt(options.get("instances"));
        Path dir = BenchDirs.temporary("pvstream-bench-pipeline");
        List<StageRow> rows = new ArrayList<>();
        System.out.printf("%n== streams ==%n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicInitializer.ensureTopics(admin, partitions, (short) 1);
            double fill = PipelinePrefill.fill(kafka.bootstrapServers(), pvs, updates);
            System.out.printf("pre-filled pv.values with %,d updates of %,d PVs (%d partitions) in %.1f s (%,.0f/s); "
                    + "broker in this JVM%n", updates, pvs, partitions, fill, updates / fill);
            double baseline = 0;
            for (int run = 1; run <= 2; run++) {
                double rate = consumerRate(kafka.bootstrapServers(), updates);
                System.out.printf("baseline, plain KafkaConsumer reading + deserializing pv.values, run %d: %,.0f "
                        + "updates/s%n", run, rate);
                baseline = Math.max(baseline, rate);
            }
            String stage = String.format("Streams, whole PV topology, %,d updates of %,d PVs%s", updates, pvs,
                    warmup > 0 ? String.format(" (measured past %,d)", warmup) : "");
            String consumer = String.format("consumer %,.0f/s", baseline);
            Measured oneThread = null;
            for (String fetchWaitMs : options.get("fetch-wait-ms").split(",")) {
                for (String commitMs : options.get("commit-ms").split(",")) {
                    for (String threads : options.get("threads").split(",")) {
                        Map<String, Object> settings = new HashMap<>(Map.of(StreamsAppConfig.THREADS, threads.strip()));
                        putUnlessDefault(settings, StreamsAppConfig.COMMIT_INTERVAL_MS, commitMs);
                        putUnlessDefault(settings, StreamsAppConfig.FETCH_MAX_WAIT_MS, fetchWaitMs);
                        int n = Integer.parseInt(threads.strip());
                        Measured measured = streamsRow(kafka.bootstrapServers(), admin, dir, settings, 1, updates,
                                warmup, baseline, maxSeconds);
                        if (n == 1) {
                            oneThread = measured;
                            double rate = measured.rate();
                            rows.add(new StageRow(stage, "1 stream thread: updates/s", measured.describe(), consumer,
                                    StageRow.percent(rate / baseline), "≥ 50 % and ≥ 100,000/s",
                                    rate >= baseline / 2 && rate >= 100_000));
                        } else {
                            rows.add(scaling(stage, n + " stream threads", measured, oneThread));
                        }
                    }
                }
            }
            if (instances > 1) {
                Measured measured = streamsRow(kafka.bootstrapServers(), admin, dir,
                        Map.of(StreamsAppConfig.THREADS, "1"), instances, updates, warmup, baseline, maxSeconds);
                rows.add(scaling(stage, instances + " instances of 1 thread (this JVM)", measured, oneThread));
            }
        }
        return rows;
    }

    /**
     * A row of more threads or instances beside one thread of the same run (goal: ≥ 1.6× where cores allow). Both
     * say how many of the machine's cores the JVM used (the broker is in it): where one thread already takes most of
     * them, the cores stop the scaling, not the threads.
     */
    private static StageRow scaling(String stage, String what, Measured measured, Measured oneThread) {
        return new StageRow(stage, what + ": updates/s", measured.describe(),
                oneThread == null ? "— (no 1-thread row)" : "1 thread " + oneThread.describe(),
                oneThread == null ? "—" : StageRow.times(measured.rate() / oneThread.rate()),
                "≥ 1.6× where cores allow", oneThread != null && measured.rate() / oneThread.rate() >= 1.6);
    }

    /** @param jvmCores the cores this JVM (stream threads, broker, producers) used while it was measured */
    private record Measured(double rate, double jvmCores) {
        String describe() {
            return String.format("%,.0f/s (JVM %.2f of %d cores)", rate, jvmCores,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** Updates/s of one consumer that reads every pv.values record from the start and deserializes its value. */
    private static double consumerRate(String bootstrap, long updates) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // as the Streams app reads
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(Topics.PV_VALUES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long read = 0;
            double checksum = 0; // uses what was decoded, so the JIT cannot drop the decoding
            long start = System.nanoTime();
            while (read < updates) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    checksum += Serdes.PV_VALUE.deserialize(record.topic(), record.value()).getTimestampNs() & 1;
                    read++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return checksum >= 0 ? read / seconds : 0;
        }
    }

    private static void putUnlessDefault(Map<String, Object> settings, String key, String value) {
        if (!value.strip().equals("default")) {
            settings.put(key, value.strip());
        }
    }

    /**
     * @param settings  StreamsAppConfig keys of this row (threads, commit interval, ...)
     * @param instances KafkaStreams instances of the same application in this JVM, each with its own state directory
     * @param warmup    updates processed before the measurement starts (the JIT compiles the broker's and the
     *                  topology's code in the first ones)
     * @return updates/s and the JVM's cores
     */
    private static Measured streamsRow(String bootstrap, Admin admin, Path dir, Map<String, Object> settings,
                                     int instances, long updates, long warmup, double baseline, int maxSeconds)
            throws Exception {
        String appId = "bench-pipeline-" + System.currentTimeMillis();
        List<KafkaStreams> all = new ArrayList<>();
        StreamsAppConfig config = null;
        for (int i = 0; i < instances; i++) {
            Map<String, Object> overrides = new HashMap<>(settings);
            overrides.putAll(Map.of(CommonConfig.BOOTSTRAP_SERVERS, bootstrap, StreamsAppConfig.APPLICATION_ID, appId,
                    StreamsAppConfig.STATE_DIR, dir.resolve(appId + "-" + i).toString()));
            config = StreamsAppConfig.load(Map.of(), overrides);
            // distinct application servers, as distinct hosts would have (interactive queries know them apart)
            all.add(new KafkaStreams(PvTopology.buildTopology(config), config.streamsProperties("127.0.0.1:" + (1 + i))));
        }
        int threads = config.getInt(StreamsAppConfig.THREADS) * instances;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long started = System.nanoTime();
        all.forEach(KafkaStreams::start);
        while (all.stream().anyMatch(streams -> streams.state() != KafkaStreams.State.RUNNING)) {
            Thread.sleep(50); // polling for a state
        }
        long running = System.nanoTime();
        Progress first;
        do { // the stores are opened after RUNNING, before the first record: not part of the rate; nor is a warm-up
            Thread.sleep(100); // pacing of the offset checks
            first = progress(admin, appId);
        } while (first.values() < Math.max(1, warmup) && System.nanoTime() - running < maxSeconds * 1_000_000_000L);
        long measuring = System.nanoTime();
        StreamThreadSampler sampler = new StreamThreadSampler();
        long cpuStart = os.getProcessCpuTime();
        Progress progress;
        do {
            Thread.sleep(500); // pacing of the offset checks
            progress = progress(admin, appId);
        } while ((progress.values() < updates || progress.lag() > 0)
                && System.nanoTime() - measuring < maxSeconds * 1_000_000_000L);
        double seconds = (System.nanoTime() - measuring) / 1e9;
        long processCpu = os.getProcessCpuTime() - cpuStart;
        long threadCpu = sampler.cpuSinceStartNs();
        sampler.close();
        all.forEach(streams -> streams.close(Duration.ofSeconds(30)));
        long done = progress.values() - first.values();
        double rate = done / seconds;
        System.out.printf("Streams, whole PV topology, %d instance(s) × %d stream thread(s), commit every %d ms, fetch "
                        + "wait %d ms: %,d of %,d updates in %.1f s%s (RUNNING after %.1f s, measured from %s %.1f s "
                        + "later)%n", instances, threads / instances,
                config.getLong(StreamsAppConfig.COMMIT_INTERVAL_MS), config.getInt(StreamsAppConfig.FETCH_MAX_WAIT_MS),
                done, updates - first.values(), seconds, progress.values() < updates ? " (cut at --max-seconds)" : "",
                (running - started) / 1e9, warmup > 0 ? "the first commit past " + warmup + " updates (warm-up)"
                        : "the first commit", (measuring - running) / 1e9);
        System.out.printf("  input records not yet committed at the end (every input topic, pv.diffs too where it is one): "
                + "%,d%n", progress.lag());
        System.out.printf("  %,.0f updates/s = %.0f %% of the consumer baseline; %,.0f updates/s per thread "
                        + "(goals: >= 50 %% per thread, >= 100,000/s per thread)%n", rate, 100 * rate / baseline,
                rate / threads);
        System.out.printf("  CPU per update: stream threads %.1f us, whole JVM (broker, producers included) %.1f us;"
                + " JVM used %.2f cores%n", threadCpu / 1e3 / done, processCpu / 1e3 / done,
                processCpu / 1e9 / seconds);
        sampler.print("  ");
        return new Measured(rate, processCpu / 1e9 / seconds);
    }

    /**
     * @param values committed pv.values offsets of the application, summed
     * @param lag    end offset minus committed offset, summed over every partition the application has committed
     */
    private record Progress(long values, long lag) {
    }

    private static Progress progress(Admin admin, String appId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                .partitionsToOffsetAndMetadata().get();
        if (committed.isEmpty()) {
            return new Progress(0, Long.MAX_VALUE);
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        long values = 0;
        long lag = 0;
        for (var entry : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata offset = committed.get(entry.getKey());
            long done = offset == null ? 0 : offset.offset();
            lag += Math.max(0, entry.getValue().offset() - done);
            if (entry.getKey().topic().equals(Topics.PV_VALUES)) {
                values += done;
            }
        }
        return new Progress(values, lag);
    }
}
