package io.pvstream.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.WriteOutcome;
import io.pvstream.schemas.serde.Serdes;

/** The pv.writes loop on a MockConsumer, with a writer and a result sink completed by hand. */
class PvWriteLoopTest {

    private static final TopicPartition W0 = new TopicPartition(Topics.PV_WRITES, 0);
    private static final TopicPartition W1 = new TopicPartition(Topics.PV_WRITES, 1);

    /** A write taken by the fake writer, finished when the test says so. */
    record Taken(PvWrite command, Consumer<PvWriteResult> onResult) {
        void finish() {
            onResult.accept(PvWriteResult.newBuilder().setJobId(command.getJobId()).setAttempt(command.getAttempt())
                    .setPvName(command.getPvName()).setOutcome(WriteOutcome.VERIFIED).setCompletedNs(1).build());
        }
    }

    /** A result handed to the fake sink, acknowledged (or failed) when the test says so. */
    record Published(PvWriteResult result, Consumer<Exception> done) {
    }

    private final List<Taken> taken = new CopyOnWriteArrayList<>();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final AtomicReference<Set<Integer>> owned = new AtomicReference<>(Set.of(0));
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();
    private MockConsumer<String, byte[]> consumer;
    private PvWriteLoop loop;

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        consumer.updateBeginningOffsets(Map.of(W0, 0L, W1, 0L));
        loop = newLoop(10);
    }

    private PvWriteLoop newLoop(int maxInFlight) {
        return new PvWriteLoop(consumer, owned::get, (command, onResult) -> taken.add(new Taken(command, onResult)),
                (result, done) -> published.add(new Published(result, done)), maxInFlight, 100, 0);
    }

    private void add(TopicPartition tp, String job, String pv) {
        long offset = nextOffset.merge(tp, 1L, Long::sum) - 1;
        PvWrite write = PvWrite.newBuilder().setJobId(job).setAttempt(1).setPvName(pv).setValue(1.0)
                .setVerifyTimeoutMs(1000).setDeadlineNs(Long.MAX_VALUE).setRequestedNs(0).build();
        consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, pv,
                Serdes.PV_WRITE.serialize(tp.topic(), write)));
    }

    private void runOnce() {
        loop.runOnce(Duration.ZERO);
    }

    private Long committed(TopicPartition tp) {
        OffsetAndMetadata offset = consumer.committed(Set.of(tp)).get(tp);
        return offset == null ? null : offset.offset();
    }

    @Test
    void assignsThePvWritesPartitionsOfTheOwnedPvConfigPartitions() {
        runOnce();
        assertThat(consumer.assignment()).containsExactly(W0);
        owned.set(Set.of(0, 1));
        runOnce();
        assertThat(consumer.assignment()).containsExactlyInAnyOrder(W0, W1);
        owned.set(Set.of(1));
        runOnce();
        assertThat(consumer.assignment()).containsExactly(W1);
        owned.set(Set.of());
        runOnce();
        assertThat(consumer.assignment()).isEmpty();
    }

    @Test
    void commitsAWriteOnlyOnceItsResultIsAcknowledged() {
        runOnce();
        add(W0, "job", "A");
        add(W0, "job", "B");
        runOnce();
        assertThat(taken).extracting(t -> t.command().getPvName()).containsExactly("A", "B");

        taken.get(1).finish();                // B done first: A (offset 0) still holds the commit back
        published.get(0).done().accept(null);
        runOnce();
        assertThat(committed(W0)).isIn(null, 0L);

        taken.get(0).finish();                // A's result is produced but not yet acknowledged
        runOnce();
        assertThat(committed(W0)).isIn(null, 0L);

        published.get(1).done().accept(null);
        runOnce();
        assertThat(committed(W0)).isEqualTo(2L);
    }

    @Test
    void aResultKafkaRefusedKeepsItsCommandUncommitted() {
        runOnce();
        add(W0, "job", "A");
        add(W0, "job", "B");
        runOnce();
        taken.forEach(Taken::finish);
        published.get(0).done().accept(new RuntimeException("broker gone"));
        published.get(1).done().accept(null);
        runOnce();
        assertThat(committed(W0)).isIn(null, 0L);
        assertThat(loop.publishErrors()).isEqualTo(1);
    }

    @Test
    void aCommandDeliveredAgainIsNotWrittenTwice() {
        runOnce();
        add(W0, "job", "A");
        add(W0, "job", "A");
        runOnce();
        assertThat(taken).hasSize(1);
        assertThat(loop.duplicatesSkipped()).isEqualTo(1);
        taken.get(0).finish();
        published.get(0).done().accept(null);
        runOnce();
        assertThat(committed(W0)).isEqualTo(2L);
    }

    @Test
    void noMoreThanMaxInFlightWritesAreUnderWay() throws Exception {
        loop = newLoop(2);
        runOnce();
        for (String pv : List.of("A", "B", "C", "D")) {
            add(W0, "job", pv);
        }
        Thread thread = new Thread(loop, "test-pv-writes");
        thread.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 2);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> taken.size() == 2);
            taken.get(0).finish();
            published.get(0).done().accept(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 3);
            assertThat(taken).extracting(t -> t.command().getPvName()).containsExactly("A", "B", "C");
            // committed while waiting for a slot for D: A acknowledged, B and C not
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(1).equals(committed(W0)));
        } finally {
            loop.stop();
            thread.join(10_000);
        }
        assertThat(thread.isAlive()).isFalse();
        assertThat(consumer.closed()).isTrue();
    }
}
