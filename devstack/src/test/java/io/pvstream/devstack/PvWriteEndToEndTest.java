package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.IngestService;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.CircuitState;
import io.pvstream.schemas.avro.CircuitStatus;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.WriteOutcome;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.simioc.SimulatedIoc;

/**
 * Restore writes on real parts: write commands published in a Kafka transaction (as the query API
 * does) on a KRaft broker → a real ingest → CA puts on two simulated IOCs → results on
 * pv.write.results and circuit breakers in the heartbeats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PvWriteEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int BREAKER_THRESHOLD = 3;
    /** Long enough for a put to complete on a loaded machine, short enough to wait for a hung IOC. */
    private static final int PUT_TIMEOUT_MS = 2000;
    /** Not monitored by the ingest: a readback it must watch on a channel of its own. */
    private static final String UNMONITORED_READBACK = "SIM:RB00002";
    /** Readbacks given in pv.config (the query API leaves PvWrite.readbackPv empty). */
    private static final Map<String, String> CONFIGURED_READBACKS = Map.of(
            "SIM:SP00002", UNMONITORED_READBACK,
            "SIM:SP00004", "SIM:RO"); // a readback that never follows: shows which PV verified

    private TestPlatform platform;
    private SimulatedIoc iocA;
    private SimulatedIoc iocB;
    private IngestService ingest;
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> resultsConsumer;
    private KafkaConsumer<String, byte[]> heartbeatConsumer;
    private final Map<String, PvWriteResult> results = new ConcurrentHashMap<>();
    private IngestHeartbeat lastHeartbeat;

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        iocA = platform.addIoc(SimulatedIoc.builder().pvCount(0).updateRateHz(0).setpointCount(4));
        iocB = platform.addIoc(SimulatedIoc.builder().prefix("IOCB:").pvCount(0).updateRateHz(0).setpointCount(6));
        seedConfiguredReadbacks();
        platform.startServices(0, Map.of(
                IngestConfig.WRITE_PUT_TIMEOUT_MS, PUT_TIMEOUT_MS,
                IngestConfig.WRITE_RETRY_MAX_TRIES, 1,
                IngestConfig.WRITE_CIRCUIT_FAILURE_THRESHOLD, BREAKER_THRESHOLD,
                IngestConfig.WRITE_CIRCUIT_RESET_TIMEOUT_MS, 600_000),
                pv -> !pv.equals(UNMONITORED_READBACK) && !CONFIGURED_READBACKS.containsKey(pv));
        ingest = platform.ingest();
        int monitored = iocA.pvNames().size() + iocB.pvNames().size() - 1;
        await().atMost(PATIENCE).until(() -> ingest.stats().connectedCount() == monitored);

        Map<String, Object> producerProps = new HashMap<>(platform.common());
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "pv-write-e2e");
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        resultsConsumer = consumerOf(Topics.PV_WRITE_RESULTS, 6);
        heartbeatConsumer = consumerOf(Topics.INGEST_HEARTBEATS, 1);
    }

    private void seedConfiguredReadbacks() {
        try (var configs = new KafkaProducer<>(new HashMap<>(platform.common()), new StringSerializer(),
                Serdes.PV_CONFIG.serializer())) {
            CONFIGURED_READBACKS.forEach((pv, readback) -> configs.send(new ProducerRecord<>(Topics.PV_CONFIG, pv,
                    PvConfig.newBuilder().setName(pv).setReadbackPv(readback).build())));
            configs.flush();
        }
    }

    private KafkaConsumer<String, byte[]> consumerOf(String topic, int partitions) {
        Map<String, Object> props = new HashMap<>(platform.common());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        return consumer;
    }

    @AfterAll
    void stop() {
        for (AutoCloseable client : new AutoCloseable[] {producer, resultsConsumer, heartbeatConsumer}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception e) {
                // keep closing
            }
        }
        platform.close();
    }

    private static PvWrite.Builder write(String job, String pv, Object value) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return PvWrite.newBuilder().setJobId(job).setAttempt(1).setPvName(pv).setValue(value)
                .setVerifyTimeoutMs(5000).setRequestedNs(now).setDeadlineNs(now + TimeUnit.SECONDS.toNanos(30));
    }

    /** Publishes a job's writes in one transaction, committed or aborted. */
    private void publish(boolean commit, PvWrite.Builder... writes) {
        producer.beginTransaction();
        for (PvWrite.Builder builder : writes) {
            PvWrite write = builder.build();
            producer.send(new ProducerRecord<>(Topics.PV_WRITES, write.getPvName(),
                    Serdes.PV_WRITE.serialize(Topics.PV_WRITES, write)));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private void pollResults() {
        for (ConsumerRecord<String, byte[]> record : resultsConsumer.poll(Duration.ofMillis(100))) {
            PvWriteResult result = Serdes.PV_WRITE_RESULT.deserialize(record.topic(), record.value());
            assertThat(record.key()).isEqualTo(result.getJobId());
            results.put(result.getJobId() + "/" + result.getPvName(), result);
        }
    }

    private PvWriteResult awaitResult(String job, String pv) {
        await().atMost(PATIENCE).until(() -> {
            pollResults();
            return results.containsKey(job + "/" + pv);
        });
        return results.get(job + "/" + pv);
    }

    private PvWriteResult awaitOutcome(String job, String pv, WriteOutcome expected) {
        PvWriteResult result = awaitResult(job, pv);
        assertThat(result.getOutcome()).as("%s", result).isEqualTo(expected);
        assertThat(result.getAttempt()).isEqualTo(1);
        assertThat(result.getInstance()).isEqualTo(ingest.instanceId());
        return result;
    }

    @Test
    void aSetpointIsWrittenAndVerified() {
        publish(true, write("job-sp", "SIM:SP00003", 12.5));
        PvWriteResult result = awaitOutcome("job-sp", "SIM:SP00003", WriteOutcome.VERIFIED);
        assertThat(iocA.value("SIM:SP00003")).isEqualTo(12.5);
        assertThat(result.getTries()).isEqualTo(1);
        assertThat(result.getIoc()).isEqualTo(iocA.addressList());
        assertThat(result.getReadback()).isEqualTo("12.5");
    }

    @Test
    void aReadbackVerifiesTheWriteMonitoredOrNotFromTheCommandOrFromPvConfig() {
        publish(true, write("job-rb", "SIM:SP00001", 33.0).setReadbackPv("SIM:RB00001"),
                write("job-rb", "SIM:SP00002", 44.0).setToleranceAbs(0.001),
                write("job-rb", "SIM:SP00004", 55.0).setVerifyTimeoutMs(500));
        assertThat(awaitOutcome("job-rb", "SIM:SP00001", WriteOutcome.VERIFIED).getReadback()).isEqualTo("33.0");
        assertThat(awaitOutcome("job-rb", "SIM:SP00002", WriteOutcome.VERIFIED).getReadback()).isEqualTo("44.0");
        assertThat(iocA.value("SIM:RB00001")).isEqualTo(33.0);
        assertThat(iocA.value(UNMONITORED_READBACK)).isEqualTo(44.0);

        PvWriteResult unverified = awaitOutcome("job-rb", "SIM:SP00004", WriteOutcome.WRITTEN_NOT_VERIFIED);
        assertThat(unverified.getMessage()).contains("SIM:RO");
        assertThat(unverified.getReadback()).isEqualTo("42.0");
        assertThat(iocA.value("SIM:SP00004")).isEqualTo(55.0);
    }

    @Test
    void noWriteAccessOutOfRangeAndPastDeadlineAreReportedWithoutAPut() {
        long roPuts = iocA.writeCount("SIM:RO");
        long spPuts = iocA.writeCount("SIM:SP00003");
        long past = System.currentTimeMillis() * 1_000_000L - TimeUnit.SECONDS.toNanos(1);
        publish(true, write("job-refused", "SIM:RO", 1.0),
                write("job-refused", "SIM:SP00003", 150.0),
                write("job-late", "SIM:SP00003", 50.0).setDeadlineNs(past));

        assertThat(awaitOutcome("job-refused", "SIM:RO", WriteOutcome.SKIPPED_NO_WRITE_ACCESS).getTries()).isZero();
        PvWriteResult outOfRange = awaitOutcome("job-refused", "SIM:SP00003", WriteOutcome.OUT_OF_RANGE);
        assertThat(outOfRange.getMessage()).contains("150.0").contains("0.0..100.0");
        assertThat(awaitOutcome("job-late", "SIM:SP00003", WriteOutcome.TIMED_OUT).getTries()).isZero();
        assertThat(iocA.writeCount("SIM:RO")).isEqualTo(roPuts);
        assertThat(iocA.writeCount("SIM:SP00003")).isEqualTo(spPuts);
    }

    @Test
    void writesOfAnAbortedTransactionAreNeverPerformed() {
        long puts = iocA.writeCount("SIM:ASYNC");
        publish(false, write("job-aborted", "SIM:ASYNC", 99.0));
        publish(true, write("job-committed", "SIM:ASYNC", 5.0));
        awaitOutcome("job-committed", "SIM:ASYNC", WriteOutcome.VERIFIED);
        assertThat(iocA.writeCount("SIM:ASYNC")).isEqualTo(puts + 1);
        pollResults();
        assertThat(results).doesNotContainKey("job-aborted/SIM:ASYNC");
    }

    @Test
    void anUnresponsiveIocOpensItsBreakerWhileTheOtherIocIsStillWritten() {
        iocB.setUnresponsive(true);
        try {
            List<PvWrite.Builder> hung = new ArrayList<>();
            for (int i = 1; i <= BREAKER_THRESHOLD; i++) {
                hung.add(write("job-hung", iocB.setpointName(i), 1.0 + i));
            }
            publish(true, hung.toArray(PvWrite.Builder[]::new));
            for (int i = 1; i <= BREAKER_THRESHOLD; i++) {
                PvWriteResult failed = awaitOutcome("job-hung", iocB.setpointName(i), WriteOutcome.FAILED);
                assertThat(failed.getMessage()).contains("put not completed within " + PUT_TIMEOUT_MS + " ms");
                assertThat(failed.getIoc()).isEqualTo(iocB.addressList());
            }

            CircuitStatus breaker = awaitCircuit(iocB.addressList(), CircuitState.OPEN);
            assertThat(breaker.getConsecutiveFailures()).isGreaterThanOrEqualTo(BREAKER_THRESHOLD);
            assertThat(breaker.getOpenedNs()).isNotNull();
            assertThat(breaker.getLastError()).contains("put not completed");

            String next = iocB.setpointName(BREAKER_THRESHOLD + 1);
            long putsBefore = iocB.writeCount(next);
            publish(true, write("job-after", next, 7.0), write("job-after", "SIM:SP00003", 77.0));
            PvWriteResult fast = awaitOutcome("job-after", next, WriteOutcome.CIRCUIT_OPEN);
            assertThat(fast.getTries()).isZero();
            assertThat(fast.getMessage()).contains(iocB.addressList());
            assertThat(iocB.writeCount(next)).as("failed fast: no put reached the IOC").isEqualTo(putsBefore);

            awaitOutcome("job-after", "SIM:SP00003", WriteOutcome.VERIFIED);
            assertThat(iocA.value("SIM:SP00003")).isEqualTo(77.0);
            awaitCircuit(iocA.addressList(), CircuitState.CLOSED);
            assertThat(lastHeartbeat.getCircuits()).extracting(CircuitStatus::getIoc)
                    .contains(iocA.addressList(), iocB.addressList());
        } finally {
            iocB.setUnresponsive(false);
        }
    }

    private CircuitStatus awaitCircuit(String ioc, CircuitState state) {
        CircuitStatus[] seen = new CircuitStatus[1];
        await().atMost(PATIENCE).until(() -> {
            for (ConsumerRecord<String, byte[]> record : heartbeatConsumer.poll(Duration.ofMillis(100))) {
                IngestHeartbeat heartbeat = Serdes.INGEST_HEARTBEAT.deserialize(record.topic(), record.value());
                if (heartbeat.getInstance().equals(ingest.instanceId())) {
                    lastHeartbeat = heartbeat;
                }
            }
            if (lastHeartbeat == null) {
                return false;
            }
            seen[0] = lastHeartbeat.getCircuits().stream()
                    .filter(c -> c.getIoc().equals(ioc) && c.getState() == state).findFirst().orElse(null);
            return seen[0] != null;
        });
        return seen[0];
    }
}
