package io.pvstream.streams.diff;

import java.util.List;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;

/** Small, valid records for the change-detection tests. */
final class DiffTestRecords {

    static final long T0_NS = 1_700_000_000_000_000_000L;

    private DiffTestRecords() {
    }

    /** A NO_ALARM value; {@code raw} is any branch of the PvValue union (Double, Long, String, EnumValue, arrays). */
    static PvValue value(String name, Object raw, long timestampNs) {
        return alarmed(name, raw, timestampNs, Severity.NO_ALARM, AlarmStatus.NO_ALARM);
    }

    static PvValue alarmed(String name, Object raw, long timestampNs, Severity severity, AlarmStatus status) {
        return PvValue.newBuilder().setName(name).setTimestampNs(timestampNs).setValue(raw)
                .setSeverity(severity).setStatus(status).build();
    }

    static PvConnection connection(String name, boolean connected) {
        return PvConnection.newBuilder().setName(name).setConnected(connected).setServer("127.0.0.1:5064")
                .setSinceNs(T0_NS).setInstance("ingest-1").build();
    }

    static PvConfig config(String name, Double deadband) {
        return PvConfig.newBuilder().setName(name).setDeadband(deadband).build();
    }

    static PvDiffState state(Object raw) {
        return new PvDiffState(value("SIM:A", raw, T0_NS), null);
    }

    static EnumValue enumValue(int index, String label) {
        return new EnumValue(index, label);
    }

    static DoubleArray doubles(Double... values) {
        return new DoubleArray(List.of(values));
    }

    static LongArray longs(Long... values) {
        return new LongArray(List.of(values));
    }

    static StringArray strings(String... values) {
        return new StringArray(List.of(values));
    }
}
