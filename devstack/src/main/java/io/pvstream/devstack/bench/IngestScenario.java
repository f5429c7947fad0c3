package io.pvstream.devstack.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.pvstream.devstack.ChildJvm;
import io.pvstream.devstack.EmbeddedKafka;
import io.pvstream.devstack.FreePorts;
import io.pvstream.devstack.PvConfigSeeder;
import io.pvstream.ingest.IngestMain;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.simioc.SimIocMain;
import io.pvstream.simioc.pva.PvaLoadServerMain;

/** One broker + one simulated IOC + one ingest, all fresh. */
final class IngestScenario implements AutoCloseable {
    private final Path dir;
    final EmbeddedKafka kafka;
    private final ChildJvm ioc;
    private final String iocAddress;
    private final boolean pva;
    ChildJvm ingest;

    private IngestScenario(Path dir, EmbeddedKafka kafka, ChildJvm ioc, String iocAddress, boolean pva) {
        this.dir = dir;
        this.kafka = kafka;
        this.ioc = ioc;
        this.iocAddress = iocAddress;
        this.pva = pva;
    }

    /**
     * A pvAccess server with {@code pvs} moving PVs at {@code hz}, searched on loopback UDP 5076.
     *
     * @param externalIoc pvAccess address list of a server already serving {@code SIM:PV00001..N} (e.g.
     *                    {@code ./pvstream softioc --pva}), or null to start the core-pva load server
     */
    static IngestScenario startPva(int pvs, double hz, String externalIoc) throws Exception {
        Path dir = BenchDirs.temporary("pvstream-bench");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicInitializer.ensureTopics(admin, 6, (short) 1);
        }
        PvConfigSeeder.seedConfigs(Map.of("bootstrap.servers", kafka.bootstrapServers()), IntStream.rangeClosed(1, pvs)
                .mapToObj(i -> PvConfig.newBuilder().setName(String.format("SIM:PV%05d", i))
                        .setProtocol(PvProtocol.PVA).build()).toList());
        if (externalIoc != null) {
            return new IngestScenario(dir, kafka, null, externalIoc, true);
        }
        ChildJvm ioc = ChildJvm.start("simioc-pva", PvaLoadServerMain.class,
                List.of("--pvs", Integer.toString(pvs), "--rate", Double.toString(hz)),
                Map.of(), List.of("-Xmx2g"), line -> line.contains("SIMPVA READY"));
        ioc.awaitReady(Duration.ofSeconds(120));
        return new IngestScenario(dir, kafka, ioc, "127.0.0.1", true);
    }

    /**
     * @param externalIoc {@code host:port} of an IOC already serving {@code SIM:PV00001..N} (e.g. a softIoc, which
     *                    outruns the Java simulator), or null to start the simulator with {@code pvs} PVs at {@code hz}
     */
    static IngestScenario start(int pvs, double hz, String externalIoc) throws Exception {
        Path dir = BenchDirs.temporary("pvstream-bench");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicInitializer.ensureTopics(admin, 6, (short) 1);
        }
        List<String> names = IntStream.rangeClosed(1, pvs).mapToObj(i -> String.format("SIM:PV%05d", i)).toList();
        PvConfigSeeder.seed(Map.of("bootstrap.servers", kafka.bootstrapServers()), names);
        if (externalIoc != null) {
            return new IngestScenario(dir, kafka, null, externalIoc, false);
        }
        int port = FreePorts.pick();
        ChildJvm ioc = ChildJvm.start("simioc", SimIocMain.class,
                List.of("--pvs", Integer.toString(pvs), "--rate", Double.toString(hz), "--port", Integer.toString(port),
                        "--setpoints", "0"),
                Map.of(), List.of("-Xmx2g"), line -> line.contains("SIMIOC READY"));
        ioc.awaitReady(Duration.ofSeconds(120));
        return new IngestScenario(dir, kafka, ioc, "127.0.0.1:" + port, false);
    }

    IngestBenchmark.RawClient startRawClient(int pvs) throws java.io.IOException {
        Path status = Files.createTempFile(dir, "raw", ".status");
        ChildJvm jvm = ChildJvm.start(pva ? "raw-pva" : "raw-caj", pva ? RawPvaMonitor.class : RawCajMonitor.class,
                List.of(iocAddress, Integer.toString(pvs), status.toString()),
                Map.of(), List.of("-Xmx2g"), line -> line.startsWith(pva ? "RAWPVA CONNECTED" : "RAWCAJ CONNECTED"));
        return new IngestBenchmark.RawClient(jvm, status);
    }

    /** @param jvmOptions extra options of the ingest JVM (e.g. a flight recording), besides -Xmx2g */
    void startIngest(List<String> jvmOptions) {
        List<String> options = new ArrayList<>(List.of("-Xmx2g"));
        options.addAll(jvmOptions);
        ingest = ChildJvm.start("ingest", IngestMain.class, List.of(), Map.of(
                        "PVSTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        pva ? "PVSTREAM_PVA_ADDR_LIST" : "PVSTREAM_CA_ADDR_LIST", iocAddress),
                options, line -> true);
    }

    IngestBenchmark.ConnectSpan awaitAllConnected(int pvs, Duration timeout) {
        Set<String> connected = new HashSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (KafkaConsumer<String, PvConnection> consumer = consumer(Serdes.PV_CONNECTION)) {
            consumer.assign(partitions(consumer, Topics.PV_CONNECTIONS));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (connected.size() < pvs) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + connected.size() + " of " + pvs + " PVs connected");
                }
                for (ConsumerRecord<String, PvConnection> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && record.value().getConnected() && connected.add(record.key())) {
                        first = Math.min(first, record.value().getSinceNs());
                        last = Math.max(last, record.value().getSinceNs());
                    }
                }
            }
        }
        return new IngestBenchmark.ConnectSpan(first, last);
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(org.apache.kafka.common.serialization.Serdes.ByteArray())) {
            return new HashMap<>(consumer.endOffsets(partitions(consumer, topic)));
        }
    }

    <V> KafkaConsumer<String, V> consumer(org.apache.kafka.common.serialization.Serde<V> serde) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        return new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer());
    }

    List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        return partitions;
    }

    @Override
    public void close() throws Exception {
        if (ingest != null) {
            ingest.close();
        }
        if (ioc != null) {
            ioc.close();
        }
        kafka.close();
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
