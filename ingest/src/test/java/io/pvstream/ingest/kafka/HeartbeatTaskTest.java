package io.pvstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.pvstream.ingest.IngestStats;
import io.pvstream.ingest.buffer.CoalescingBuffer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.CircuitState;
import io.pvstream.schemas.avro.CircuitStatus;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvError;

class HeartbeatTaskTest {

    @Test
    void heartbeatCarriesStatsAndIsKeyedByInstance() throws Exception {
        CoalescingBuffer<OutboundRecord.Slot, OutboundRecord> buffer = new CoalescingBuffer<>(10);
        AtomicLong updates = new AtomicLong();
        IngestStats stats = new IngestStats("ingest-1", 10, 7, 100, 3, 2, Set.of(4, 1));
        HeartbeatTask task = new HeartbeatTask("host-a", 5000, () -> stats, updates::get, new BufferingSink(buffer));

        updates.set(500);
        task.run();

        List<OutboundRecord> out = buffer.take(0, TimeUnit.MILLISECONDS);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).topic()).isEqualTo(Topics.INGEST_HEARTBEATS);
        assertThat(out.get(0).key()).isEqualTo("ingest-1");
        IngestHeartbeat hb = (IngestHeartbeat) out.get(0).value();
        assertThat(hb.getHost()).isEqualTo("host-a");
        assertThat(hb.getIntervalMs()).isEqualTo(5000);
        assertThat(hb.getPvCount()).isEqualTo(10);
        assertThat(hb.getConnectedCount()).isEqualTo(7);
        assertThat(hb.getPublishedTotal()).isEqualTo(100);
        assertThat(hb.getCoalescedTotal()).isEqualTo(3);
        assertThat(hb.getPublishErrorsTotal()).isEqualTo(2);
        assertThat(hb.getPartitions()).containsExactly(1, 4);
        assertThat(hb.getUpdatesPerSecond()).isPositive();
        assertThat(hb.getTimestampNs()).isGreaterThan(1_600_000_000_000_000_000L);
    }

    @Test
    void heartbeatCarriesTheCircuitBreakers() {
        CircuitStatus open = CircuitStatus.newBuilder().setIoc("127.0.0.1:5064").setState(CircuitState.OPEN)
                .setConsecutiveFailures(5).setOpenedNs(42L).setLastError("put timeout").build();
        HeartbeatTask task = new HeartbeatTask("h", 1000, () -> new IngestStats("i", 0, 0, 0, 0, 0, Set.of()),
                () -> 0, new BufferingSink(new CoalescingBuffer<>(10)), () -> List.of(open));
        assertThat(task.next().getCircuits()).containsExactly(open);
    }

    @Test
    void heartbeatCarriesThePvsThatCannotBeMonitored() {
        PvError wave = new PvError("SIM:WAVE", "waveform too large");
        HeartbeatTask task = new HeartbeatTask("h", 1000,
                () -> new IngestStats("i", 2, 2, 0, 0, 0, Set.of(), 1, List.of(wave)), () -> 0,
                new BufferingSink(new CoalescingBuffer<>(10)));
        IngestHeartbeat beat = task.next();
        assertThat(beat.getPvErrorCount()).isEqualTo(1);
        assertThat(beat.getPvErrors()).containsExactly(wave);
    }

    @Test
    void rateCountsOnlyTheLastPeriod() {
        AtomicLong updates = new AtomicLong(1_000_000);
        HeartbeatTask task = new HeartbeatTask("h", 1000, () -> new IngestStats("i", 0, 0, 0, 0, 0, Set.of()),
                updates::get, new BufferingSink(new CoalescingBuffer<>(10)));
        task.next();
        IngestHeartbeat idle = task.next(); // no updates since the previous heartbeat
        assertThat(idle.getUpdatesPerSecond()).isZero();
    }
}
