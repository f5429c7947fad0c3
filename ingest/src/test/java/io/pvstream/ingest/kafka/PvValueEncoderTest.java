package io.pvstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBR_Double;
import gov.aps.jca.dbr.DBR_TIME_Byte;
import gov.aps.jca.dbr.DBR_TIME_Double;
import gov.aps.jca.dbr.DBR_TIME_Enum;
import gov.aps.jca.dbr.DBR_TIME_Float;
import gov.aps.jca.dbr.DBR_TIME_Int;
import gov.aps.jca.dbr.DBR_TIME_Short;
import gov.aps.jca.dbr.DBR_TIME_String;
import gov.aps.jca.dbr.STS;
import gov.aps.jca.dbr.Status;
import gov.aps.jca.dbr.TIME;
import gov.aps.jca.dbr.TimeStamp;
import io.pvstream.ingest.ca.DbrConverter;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.serde.Serdes;

/** The hand-written encoder must produce exactly the serde's bytes for the PvValue DbrConverter would build. */
class PvValueEncoderTest {

    private static final Instant WHEN = Instant.parse("2024-01-02T03:04:05.123456789Z");
    private final PvValueEncoder encoder = new PvValueEncoder();

    private static <T extends DBR> T stamped(T dbr, gov.aps.jca.dbr.Severity severity, Status status) {
        ((TIME) dbr).setTimeStamp(new TimeStamp(WHEN.getEpochSecond() - 631_152_000L, WHEN.getNano()));
        ((STS) dbr).setSeverity(severity);
        ((STS) dbr).setStatus(status);
        return dbr;
    }

    private static <T extends DBR> T stamped(T dbr) {
        return stamped(dbr, gov.aps.jca.dbr.Severity.MINOR_ALARM, Status.HIGH_ALARM);
    }

    /** Encodes with the encoder and with the serde, asserts equal bytes, and returns what the serde reads back. */
    private PvValue assertSameBytes(String name, DBR dbr, List<String> labels) {
        byte[] expected = Serdes.PV_VALUE.serialize(Topics.PV_VALUES, DbrConverter.toPvValue(name, dbr, labels));
        byte[] actual = encoder.encode(name, dbr, labels);
        assertThat(actual).isEqualTo(expected);
        return Serdes.PV_VALUE.deserialize(Topics.PV_VALUES, actual);
    }

    @Test
    void numericScalarsMatchTheSerde() {
        assertThat(assertSameBytes("SIM:PV00001", stamped(new DBR_TIME_Double(new double[] {1.25})), List.of())
                .getValue()).isEqualTo(1.25);
        assertSameBytes("D", stamped(new DBR_TIME_Double(new double[] {Double.NaN})), List.of());
        assertSameBytes("D", stamped(new DBR_TIME_Double(new double[] {-0.0})), List.of());
        assertSameBytes("D", stamped(new DBR_TIME_Double(new double[] {Double.NEGATIVE_INFINITY})), List.of());
        assertSameBytes("F", stamped(new DBR_TIME_Float(new float[] {2.5f})), List.of());
        assertThat(assertSameBytes("I", stamped(new DBR_TIME_Int(new int[] {Integer.MIN_VALUE})), List.of())
                .getValue()).isEqualTo((long) Integer.MIN_VALUE);
        assertSameBytes("I", stamped(new DBR_TIME_Int(new int[] {123_456_789})), List.of());
        assertSameBytes("S", stamped(new DBR_TIME_Short(new short[] {-3})), List.of());
        assertThat(assertSameBytes("B", stamped(new DBR_TIME_Byte(new byte[] {(byte) 0xFF})), List.of())
                .getValue()).isEqualTo(-1L);
    }

    @Test
    void everyAlarmStateMatchesTheSerde() {
        for (gov.aps.jca.dbr.Severity severity : List.of(gov.aps.jca.dbr.Severity.NO_ALARM,
                gov.aps.jca.dbr.Severity.MAJOR_ALARM, gov.aps.jca.dbr.Severity.INVALID_ALARM)) {
            for (Status status : List.of(Status.NO_ALARM, Status.UDF_ALARM, Status.LINK_ALARM, Status.HIHI_ALARM)) {
                assertSameBytes("A", stamped(new DBR_TIME_Double(new double[] {1}), severity, status), List.of());
            }
        }
    }

    @Test
    void stringsAndEnumsMatchTheSerdeWithAndWithoutLabels() {
        assertThat(assertSameBytes("STR", stamped(new DBR_TIME_String(new String[] {"hello"})), List.of())
                .getValue()).isEqualTo("hello");
        assertSameBytes("STR", stamped(new DBR_TIME_String(new String[] {null})), List.of());
        assertSameBytes("Grüße:µ", stamped(new DBR_TIME_String(new String[] {"°C über"})), List.of());
        assertSameBytes("E", stamped(new DBR_TIME_Enum(new short[] {1})), List.of("OFF", "ON"));
        assertSameBytes("E", stamped(new DBR_TIME_Enum(new short[] {5})), List.of("OFF", "ON"));
        assertSameBytes("E", stamped(new DBR_TIME_Enum(new short[] {(short) 0xFFFF})), List.of());
        assertSameBytes("E", stamped(new DBR_TIME_Enum(new short[] {0})), null);
    }

    @Test
    void arraysAndUntimedUpdatesMatchTheSerde() {
        assertSameBytes("W", stamped(new DBR_TIME_Double(new double[] {1, 2, 3})), List.of());
        assertSameBytes("W", stamped(new DBR_TIME_Int(new int[] {1, -2})), List.of());
        assertSameBytes("W", stamped(new DBR_TIME_String(new String[] {"a", "b"})), List.of());
        assertSameBytes("W", stamped(new DBR_TIME_Double(new double[0])), List.of());
        assertSameBytes("PLAIN", new DBR_Double(new double[] {7}), List.of()); // no time, no alarm
    }

    @Test
    void reusesItsBufferAcrossRecordsOfAnySize() {
        String longName = "X".repeat(2_000);
        assertSameBytes(longName, stamped(new DBR_TIME_Double(new double[] {1})), List.of());
        assertSameBytes("short", stamped(new DBR_TIME_Double(new double[] {2})), List.of());
        assertSameBytes("S", stamped(new DBR_TIME_String(new String[] {"y".repeat(40)})), List.of());
    }
}
