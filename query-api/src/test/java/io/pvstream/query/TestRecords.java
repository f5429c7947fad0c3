package io.pvstream.query;

import java.util.List;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;

/** Small, valid records for tests. */
final class TestRecords {

    /** 2023-11-14T22:13:20.123456789Z */
    static final long T0_NS = 1_700_000_000_123_456_789L;

    private TestRecords() {
    }

    static PvValue value(String name, Object value) {
        return PvValue.newBuilder().setName(name).setTimestampNs(T0_NS).setValue(value)
                .setSeverity(Severity.MINOR).setStatus(AlarmStatus.HIGH).build();
    }

    static PvMeta meta(String name) {
        return PvMeta.newBuilder().setName(name).setType(DbrType.DOUBLE).setCount(1).setUnits("mA")
                .setPrecision(3).setDisplayLow(0.0).setDisplayHigh(100.0).setAlarmHigh(90.0).setAlarmHiHi(95.0)
                .setWriteAccess(true).build();
    }

    static PvConnection connection(String name, boolean connected) {
        return PvConnection.newBuilder().setName(name).setConnected(connected).setServer("127.0.0.1:5064")
                .setSinceNs(T0_NS + 1).setInstance("ingest-1").build();
    }

    /** A PV with every part known. */
    static PvState fullState(String name, Object value) {
        return new PvState(name, value(name, value), meta(name), connection(name, true), null, null, null);
    }

    /** A PV with only a value. */
    static PvState valueOnly(String name, double value) {
        return new PvState(name, value(name, value), null, null, null, null, null);
    }

    static IngestHeartbeat heartbeat(String instance, long timestampNs, long intervalMs) {
        return IngestHeartbeat.newBuilder().setInstance(instance).setHost("ioc-host").setTimestampNs(timestampNs)
                .setIntervalMs(intervalMs).setPartitions(List.of(0, 1)).setPvCount(10).setConnectedCount(9)
                .setUpdatesPerSecond(100.0).setPublishedTotal(1000).setCoalescedTotal(0).build();
    }
}
