package io.pvstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import gov.aps.jca.Monitor;
import io.pvstream.ingest.PvMonitoring;
import io.pvstream.ingest.ca.MonitorMasks;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.schemas.serde.Serdes;

class PvConfigLoopTest {

    private static final TopicPartition P0 = new TopicPartition(Topics.PV_CONFIG, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.PV_CONFIG, 1);

    /** Records what the loop asks of CA, in order. */
    static final class RecordingMonitoring implements PvMonitoring {
        final List<String> calls = new ArrayList<>();

        @Override
        public void monitor(String pv, int mask) {
            calls.add("monitor " + pv + " " + mask);
        }

        @Override
        public void monitor(String pv, int mask, PvProtocol protocol) {
            calls.add(protocol == PvProtocol.CA ? "monitor " + pv + " " + mask : "monitor " + pv + " over " + protocol);
        }

        @Override
        public void stop(String pv) {
            calls.add("stop " + pv);
        }
    }

    private MockConsumer<String, byte[]> consumer;
    private RecordingMonitoring monitoring;
    private PvConfigLoop loop;
    private final Map<TopicPartition, Long> nextOffset = new java.util.HashMap<>();

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        monitoring = new RecordingMonitoring();
        loop = new PvConfigLoop(consumer, monitoring);
        loop.subscribe();
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private void add(TopicPartition tp, String pv, PvConfig config) {
        long offset = nextOffset.merge(tp, 1L, Long::sum) - 1;
        byte[] value = config == null ? null : Serdes.PV_CONFIG.serialize(Topics.PV_CONFIG, config);
        consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, pv, value));
    }

    private static PvConfig config(String pv) {
        return PvConfig.newBuilder().setName(pv).build();
    }

    private void poll() {
        loop.pollOnce(Duration.ZERO);
    }

    @Test
    void assignedPartitionsAreReadFromTheBeginningAndMonitored() {
        consumer.rebalance(List.of(P0, P1));
        assertThat(loop.assignedPartitions()).containsExactlyInAnyOrder(0, 1);
        assertThat(consumer.position(P0)).isZero(); // seekToBeginning happened on assignment

        add(P0, "A", config("A"));
        add(P1, "B", config("B"));
        poll();

        assertThat(monitoring.calls).containsExactlyInAnyOrder(
                "monitor A " + MonitorMasks.DEFAULT, "monitor B " + MonitorMasks.DEFAULT);
    }

    @Test
    void aPartitionIsReadyOnceReadUpToItsEndOffsetAtAssignment() {
        consumer.updateEndOffsets(Map.of(P0, 2L, P1, 0L));
        consumer.rebalance(List.of(P0, P1));
        assertThat(loop.assignedPartitions()).containsExactly(0, 1);
        assertThat(loop.readyPartitions()).as("P1 is empty, P0 holds two records").containsExactly(1);

        add(P0, "A", config("A"));
        poll();
        assertThat(loop.readyPartitions()).containsExactly(1);
        add(P0, "B", config("B"));
        poll();
        assertThat(loop.readyPartitions()).containsExactly(0, 1);

        loop.onPartitionsRevoked(List.of(P0));
        assertThat(loop.readyPartitions()).containsExactly(1);
    }

    @Test
    void theConfiguredReadbackOfAPvFollowsPvConfig() {
        consumer.rebalance(List.of(P0, P1));
        add(P0, "SP1", PvConfig.newBuilder().setName("SP1").setReadbackPv("RB1").build());
        add(P1, "SP2", PvConfig.newBuilder().setName("SP2").setReadbackPv("RB2").build());
        add(P0, "SP3", config("SP3"));
        poll();
        assertThat(loop.readbackPvOf("SP1")).isEqualTo("RB1");
        assertThat(loop.readbackPvOf("SP3")).isNull();

        add(P0, "SP1", config("SP1")); // readback removed from the config
        poll();
        assertThat(loop.readbackPvOf("SP1")).isNull();

        loop.onPartitionsRevoked(List.of(P1));
        assertThat(loop.readbackPvOf("SP2")).isNull();
    }

    @Test
    void tombstoneStopsThePv() {
        consumer.rebalance(List.of(P0));
        add(P0, "A", config("A"));
        add(P0, "A", null);
        add(P0, "NEVER", null); // a tombstone for a PV never monitored is ignored
        poll();
        assertThat(monitoring.calls).containsExactly("monitor A " + MonitorMasks.DEFAULT, "stop A");
    }

    @Test
    void monitorMaskComesFromTheConfig() {
        consumer.rebalance(List.of(P0));
        add(P0, "A", PvConfig.newBuilder().setName("A").setMonitorMask(List.of(MonitorEvent.ARCHIVE)).build());
        poll();
        assertThat(monitoring.calls).containsExactly("monitor A " + Monitor.LOG);
    }

    @Test
    void theProtocolComesFromTheConfig() {
        consumer.rebalance(List.of(P0));
        add(P0, "Q", PvConfig.newBuilder().setName("Q").setProtocol(PvProtocol.PVA).build());
        poll();
        assertThat(monitoring.calls).containsExactly("monitor Q over PVA");
    }

    @Test
    void revokedPartitionStopsOnlyItsPvs() {
        consumer.rebalance(List.of(P0, P1));
        add(P0, "A", config("A"));
        add(P1, "B", config("B"));
        poll();
        monitoring.calls.clear();

        loop.onPartitionsRevoked(List.of(P1));

        assertThat(monitoring.calls).containsExactly("stop B");
        assertThat(loop.assignedPartitions()).containsExactly(0);
    }

    @Test
    void lostPartitionStopsItsPvs() {
        consumer.rebalance(List.of(P0));
        add(P0, "A", config("A"));
        poll();
        loop.onPartitionsLost(List.of(P0));
        assertThat(monitoring.calls).endsWith("stop A");
        assertThat(loop.assignedPartitions()).isEmpty();
    }

    @Test
    void undecodableAndKeylessRecordsAreSkipped() {
        consumer.rebalance(List.of(P0));
        consumer.addRecord(new ConsumerRecord<>(Topics.PV_CONFIG, 0, 0, "BAD", new byte[] {1, 2, 3}));
        consumer.addRecord(new ConsumerRecord<>(Topics.PV_CONFIG, 0, 1, null,
                Serdes.PV_CONFIG.serialize(Topics.PV_CONFIG, config("X"))));
        consumer.addRecord(new ConsumerRecord<>(Topics.PV_CONFIG, 0, 2, "GOOD",
                Serdes.PV_CONFIG.serialize(Topics.PV_CONFIG, config("GOOD"))));
        poll();
        assertThat(monitoring.calls).containsExactly("monitor GOOD " + MonitorMasks.DEFAULT);
    }

    @Test
    void runEndsOnStopAndClosesTheConsumer() throws Exception {
        loop = new PvConfigLoop(consumer, monitoring);
        Thread thread = new Thread(loop);
        thread.start();
        loop.stop();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(consumer.closed()).isTrue();
    }
}
