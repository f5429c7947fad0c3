package io.pvstream.devstack.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.config.CommandLineOptions;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/**
 * {@code ./pvstream bench pipeline}: the Streams app beside its limit, on an embedded broker in this JVM.
 *
 * <ol>
 *   <li>Pre-fills pv.config, pv.meta, pv.connections for {@code --pvs} PVs and {@code --updates} pv.values records
 *       ({@link PipelinePrefill}: every update is a change, so every branch works on each).</li>
 *   <li><b>Baseline</b>: one plain {@code KafkaConsumer} reads pv.values from the start and deserializes every value
 *       (twice; the better run counts, the first warms the JIT and the page cache).</li>
 *   <li><b>Streams</b>: the whole PV topology ({@link PvTopology#buildTopology}) from a fresh application id with
 *       {@code --threads} stream threads (each count in turn), timed from its first commit (the stores are opened
 *       before), or from the first commit past {@code --warmup} updates, until the committed offsets of every input
 *       topic reach their end, or {@code --max-seconds}.
 *       Prints updates/s, the ratio to the baseline, CPU per update (stream threads; whole JVM, broker included) and
 *       each branch's share of the stream threads ({@link StreamThreadSampler}).</li>
 * </ol>
 * Options: {@code --updates 5000000 --pvs 40000 --partitions 6 --threads 1,2 --max-seconds 600 --commit-ms default
 * --fetch-wait-ms default --warmup 0} (lists, e.g. {@code --commit-ms 100,1000}, run a row for each combination). A
 * steady-state rate, past the JIT's compiling: {@code --warmup 1000000}. A quick run:
 * {@code --updates 500000 --threads 1}.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream bench pipeline", Map.of(
                "updates", "5000000", "pvs", "40000", "partitions", "6", "threads", "1,2", "max-seconds", "600",
                "commit-ms", "default", "fetch-wait-ms", "default", "warmup", "0"), args);
        long updates = Long.parseLong(options.get("updates"));
        long warmup = Long.parseLong(options.get("warmup"));
        int pvs = Integer.parseInt(options.get("pvs"));
        int partitions = Integer.parseInt(options.get("partitions"));
        Path dir = BenchDirs.temporary("pvstream-bench-pipeline");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicInitializer.ensureTopics(admin, partitions, (short) 1);
            System.out.printf("pipeline benchmark on %d cores, Java %s, max heap %,d MB; broker in this JVM%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20);
            double fill = PipelinePrefill.fill(kafka.bootstrapServers(), pvs, updates);
            System.out.printf("pre-filled pv.values with %,d updates of %,d PVs (%d partitions) in %.1f s (%,.0f/s)%n",
                    updates, pvs, partitions, fill, updates / fill);
            double baseline = 0;
            for (int run = 1; run <= 2; run++) {
                double rate = consumerRate(kafka.bootstrapServers(), updates);
                System.out.printf("baseline, plain KafkaConsumer reading + deserializing pv.values, run %d: %,.0f "
                        + "updates/s%n", run, rate);
                baseline = Math.max(baseline, rate);
            }
            for (String fetchWaitMs : options.get("fetch-wait-ms").split(",")) {
                for (String commitMs : options.get("commit-ms").split(",")) {
                    for (String threads : options.get("threads").split(",")) {
                        Map<String, Object> settings = new HashMap<>(Map.of(StreamsAppConfig.THREADS, threads.strip()));
                        putUnlessDefault(settings, StreamsAppConfig.COMMIT_INTERVAL_MS, commitMs);
                        putUnlessDefault(settings, StreamsAppConfig.FETCH_MAX_WAIT_MS, fetchWaitMs);
                        streamsRow(kafka.bootstrapServers(), admin, dir, settings, updates, warmup, baseline,
                                Integer.parseInt(options.get("max-seconds")));
                    }
                }
            }
        }
        System.exit(0);
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
     * @param settings StreamsAppConfig keys of this row (threads, commit interval, ...)
     * @param warmup   updates processed before the measurement starts (the JIT compiles the broker's and the
     *                 topology's code in the first ones)
     */
    private static void streamsRow(String bootstrap, Admin admin, Path dir, Map<String, Object> settings,
                                   long updates, long warmup, double baseline, int maxSeconds) throws Exception {
        String appId = "bench-pipeline-" + System.currentTimeMillis();
        Map<String, Object> overrides = new HashMap<>(settings);
        overrides.putAll(Map.of(CommonConfig.BOOTSTRAP_SERVERS, bootstrap, StreamsAppConfig.APPLICATION_ID, appId,
                StreamsAppConfig.STATE_DIR, dir.resolve(appId).toString()));
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), overrides);
        int threads = config.getInt(StreamsAppConfig.THREADS);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        KafkaStreams streams = new KafkaStreams(PvTopology.buildTopology(config),
                config.streamsProperties("127.0.0.1:1"));
        long started = System.nanoTime();
        streams.start();
        while (streams.state() != KafkaStreams.State.RUNNING) {
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
        streams.close(Duration.ofSeconds(30));
        long done = progress.values() - first.values();
        double rate = done / seconds;
        System.out.printf("Streams, whole PV topology, %d stream thread(s), commit every %d ms, fetch wait %d ms: %,d of "
                        + "%,d updates in %.1f s%s (RUNNING after %.1f s, measured from %s %.1f s later)%n", threads,
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
