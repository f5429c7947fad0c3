package io.pvstream.query.snapshots;

import java.util.List;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;

/** Saved values for the tests, made the way a live scan makes them. */
final class SnapshotTestValues {

    static final long TIMESTAMP_NS = 1_790_000_000_123_456_789L;

    private SnapshotTestValues() {
    }

    static SnapshotValue number(String pv, double value) {
        return SnapshotValues.of(pv, state(pv, value, true));
    }

    static SnapshotValue disconnected(String pv, double value) {
        return SnapshotValues.of(pv, state(pv, value, false));
    }

    static SnapshotValue neverSeen(String pv) {
        return SnapshotValues.of(pv, null);
    }

    static SnapshotValue of(String pv, Object avroValue) {
        return SnapshotValues.of(pv, state(pv, avroValue, true));
    }

    static SnapshotValue array(String pv, double... values) {
        return of(pv, new DoubleArray(java.util.Arrays.stream(values).boxed().toList()));
    }

    static SnapshotValue enumValue(String pv, int index, String label) {
        return of(pv, new EnumValue(index, label));
    }

    static PvState state(String pv, Object value, boolean connected) {
        PvValue pvValue = new PvValue(pv, TIMESTAMP_NS, value, Severity.NO_ALARM, AlarmStatus.NO_ALARM);
        PvConnection connection = PvConnection.newBuilder().setName(pv).setConnected(connected)
                .setSinceNs(TIMESTAMP_NS).build();
        return PvState.newBuilder().setName(pv).setValue(pvValue).setConnection(connection).build();
    }

    static List<SnapshotValue> list(SnapshotValue... values) {
        return List.of(values);
    }
}
