package io.pvstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pvstream.ingest.buffer.CoalescingBuffer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.serde.Serdes;

class PublishLoopTest {

    private final CoalescingBuffer<OutboundRecord.Slot, OutboundRecord> buffer = new CoalescingBuffer<>(100);
    private final BufferingSink sink = new BufferingSink(buffer);
    private Thread thread;
    private PublishLoop loop;

    private MockProducer<String, byte[]> start(boolean autoComplete) {
        MockProducer<String, byte[]> producer =
                new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
        loop = new PublishLoop(buffer, producer);
        thread = new Thread(loop, "test-publish");
        thread.start();
        return producer;
    }

    @AfterEach
    void stop() throws InterruptedException {
        buffer.close();
        if (loop != null) {
            loop.requestStop();
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
        }
    }

    private static PvValue value(String pv, double v) {
        return PvValue.newBuilder().setName(pv).setTimestampNs(1).setValue(v)
                .setSeverity(Severity.NO_ALARM).setStatus(AlarmStatus.NO_ALARM).build();
    }

    @Test
    void publishesEachRecordToItsTopicKeyedByPvName() {
        MockProducer<String, byte[]> producer = start(true);
        sink.value(value("A", 1));
        sink.connection(PvConnection.newBuilder().setName("A").setConnected(true).setSinceNs(5).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent.get(0).topic()).isEqualTo(Topics.PV_VALUES);
        assertThat(sent.get(0).key()).isEqualTo("A");
        assertThat(Serdes.PV_VALUE.deserialize(Topics.PV_VALUES, sent.get(0).value()).getValue()).isEqualTo(1.0);
        assertThat(sent.get(1).topic()).isEqualTo(Topics.PV_CONNECTIONS);
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.publishedTotal() == 2);
        assertThat(loop.publishErrorsTotal()).isZero();
    }

    @Test
    void failedSendsAreCounted() {
        MockProducer<String, byte[]> producer = start(false);
        sink.value(value("A", 1));
        sink.value(value("A", 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
        producer.completeNext();
        assertThat(loop.publishErrorsTotal()).isEqualTo(1);
        assertThat(loop.publishedTotal()).isEqualTo(1);
    }

    @Test
    void stopEndsTheRunningLoopAndClosesTheProducer() throws Exception {
        MockProducer<String, byte[]> producer = start(true);
        buffer.close();
        assertThat(buffer.offer(new OutboundRecord.Slot(Topics.PV_VALUES, "A"), null)).isFalse();
        loop.requestStop();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void drainsRecordsBufferedBeforeClose() throws Exception {
        CoalescingBuffer<OutboundRecord.Slot, OutboundRecord> held = new CoalescingBuffer<>(10);
        BufferingSink heldSink = new BufferingSink(held);
        heldSink.value(value("A", 1));
        heldSink.value(value("B", 2));
        held.close();
        MockProducer<String, byte[]> producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        PublishLoop drainer = new PublishLoop(held, producer);
        drainer.requestStop();
        drainer.run(); // on this thread: must return by itself
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("A", "B");
        assertThat(producer.closed()).isTrue();
    }
}
