package io.pvstream.streams;

import java.util.List;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;

/** Small, valid records for tests. */
final class TestRecords {

    static final long T0_NS = 1_700_000_000_123_456_789L;

    private TestRecords() {
    }

    static PvValue value(String name, double value) {
        return PvValue.newBuilder().setName(name).setTimestampNs(T0_NS).setValue(value)
                .setSeverity(Severity.NO_ALARM).setStatus(AlarmStatus.NO_ALARM).build();
    }

    static PvMeta meta(String name, String units) {
        return PvMeta.newBuilder().setName(name).setType(DbrType.DOUBLE).setCount(1).setUnits(units)
                .setPrecision(3).setDisplayLow(0.0).setDisplayHigh(100.0).build();
    }

    static PvConnection connection(String name, boolean connected) {
        return PvConnection.newBuilder().setName(name).setConnected(connected).setServer("127.0.0.1:5064")
                .setSinceNs(T0_NS).setInstance("ingest-1").build();
    }

    static IngestHeartbeat heartbeat(String instance, long timestampNs) {
        return IngestHeartbeat.newBuilder().setInstance(instance).setHost("localhost").setTimestampNs(timestampNs)
                .setIntervalMs(1000).setPartitions(List.of(0, 1)).setPvCount(10).setConnectedCount(9)
                .setUpdatesPerSecond(100.0).setPublishedTotal(1000).setCoalescedTotal(0).build();
    }
}
