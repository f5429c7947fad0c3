package io.pvstream.ingest.ca;

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
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;

class DbrConverterTest {

    /** 2024-01-02T03:04:05.123456789Z in EPICS seconds (since 1990). */
    private static final Instant WHEN = Instant.parse("2024-01-02T03:04:05.123456789Z");
    private static final long EPICS_SECONDS = WHEN.getEpochSecond() - 631_152_000L;

    private static <T extends DBR> T stamped(T dbr) {
        ((TIME) dbr).setTimeStamp(new TimeStamp(EPICS_SECONDS, WHEN.getNano()));
        ((STS) dbr).setSeverity(gov.aps.jca.dbr.Severity.MINOR_ALARM);
        ((STS) dbr).setStatus(Status.HIGH_ALARM);
        return dbr;
    }

    private static PvValue convert(DBR dbr) {
        return DbrConverter.toPvValue("PV", dbr, List.of());
    }

    @Test
    void doubleScalarKeepsValueTimeAndAlarm() {
        PvValue v = convert(stamped(new DBR_TIME_Double(new double[] {1.25})));
        assertThat(v.getName()).isEqualTo("PV");
        assertThat(v.getValue()).isEqualTo(1.25);
        assertThat(v.getTimestampNs()).isEqualTo(WHEN.getEpochSecond() * 1_000_000_000L + WHEN.getNano());
        assertThat(v.getSeverity()).isEqualTo(Severity.MINOR);
        assertThat(v.getStatus()).isEqualTo(AlarmStatus.HIGH);
    }

    @Test
    void nanPassesThrough() {
        assertThat((Double) convert(stamped(new DBR_TIME_Double(new double[] {Double.NaN}))).getValue()).isNaN();
    }

    @Test
    void floatBecomesDouble() {
        assertThat(convert(stamped(new DBR_TIME_Float(new float[] {2.5f}))).getValue()).isEqualTo(2.5);
    }

    @Test
    void integerTypesBecomeLong() {
        assertThat(convert(stamped(new DBR_TIME_Int(new int[] {-70000}))).getValue()).isEqualTo(-70000L);
        assertThat(convert(stamped(new DBR_TIME_Short(new short[] {-12}))).getValue()).isEqualTo(-12L);
        assertThat(convert(stamped(new DBR_TIME_Byte(new byte[] {-3}))).getValue()).isEqualTo(-3L);
    }

    @Test
    void stringScalarIsString() {
        assertThat(convert(stamped(new DBR_TIME_String(new String[] {"hello"}))).getValue()).isEqualTo("hello");
    }

    @Test
    void enumCarriesIndexAndLabelFromMeta() {
        DBR dbr = stamped(new DBR_TIME_Enum(new short[] {1}));
        PvValue v = DbrConverter.toPvValue("PV", dbr, List.of("Off", "On"));
        assertThat(v.getValue()).isEqualTo(new EnumValue(1, "On"));
    }

    @Test
    void enumWithoutKnownLabelHasNullLabel() {
        assertThat(convert(stamped(new DBR_TIME_Enum(new short[] {1}))).getValue()).isEqualTo(new EnumValue(1, null));
        PvValue beyond = DbrConverter.toPvValue("PV", stamped(new DBR_TIME_Enum(new short[] {5})), List.of("a"));
        assertThat(beyond.getValue()).isEqualTo(new EnumValue(5, null));
    }

    @Test
    void arraysOfEveryType() {
        assertThat(convert(stamped(new DBR_TIME_Double(new double[] {1, 2, 3}))).getValue())
                .isEqualTo(new DoubleArray(List.of(1.0, 2.0, 3.0)));
        assertThat(convert(stamped(new DBR_TIME_Float(new float[] {0.5f, 1.5f}))).getValue())
                .isEqualTo(new DoubleArray(List.of(0.5, 1.5)));
        assertThat(convert(stamped(new DBR_TIME_Int(new int[] {1, -2}))).getValue())
                .isEqualTo(new LongArray(List.of(1L, -2L)));
        assertThat(convert(stamped(new DBR_TIME_Short(new short[] {3, 4}))).getValue())
                .isEqualTo(new LongArray(List.of(3L, 4L)));
        assertThat(convert(stamped(new DBR_TIME_Byte(new byte[] {5, -6}))).getValue())
                .isEqualTo(new LongArray(List.of(5L, -6L)));
        assertThat(convert(stamped(new DBR_TIME_String(new String[] {"a", "b"}))).getValue())
                .isEqualTo(new StringArray(List.of("a", "b")));
    }

    @Test
    void emptyArrayStaysAnArray() {
        assertThat(convert(stamped(new DBR_TIME_Double(new double[0]))).getValue())
                .isEqualTo(new DoubleArray(List.of()));
    }

    @Test
    void epicsEpochIsUnix1990() {
        assertThat(DbrConverter.toUnixNanos(0, 0))
                .isEqualTo(Instant.parse("1990-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
        assertThat(DbrConverter.toUnixNanos(1, 5)).isEqualTo(631_152_001_000_000_005L);
        assertThat(DbrConverter.toUnixNanos(null)).isEqualTo(631_152_000_000_000_000L);
    }

    @Test
    void severityMapsByValueUnknownIsInvalid() {
        assertThat(DbrConverter.severityOf(gov.aps.jca.dbr.Severity.NO_ALARM)).isEqualTo(Severity.NO_ALARM);
        assertThat(DbrConverter.severityOf(gov.aps.jca.dbr.Severity.MINOR_ALARM)).isEqualTo(Severity.MINOR);
        assertThat(DbrConverter.severityOf(gov.aps.jca.dbr.Severity.MAJOR_ALARM)).isEqualTo(Severity.MAJOR);
        assertThat(DbrConverter.severityOf(gov.aps.jca.dbr.Severity.INVALID_ALARM)).isEqualTo(Severity.INVALID);
        assertThat(DbrConverter.severityOf(null)).isEqualTo(Severity.INVALID);
    }

    @Test
    void everyJcaStatusMapsToTheSymbolOfTheSameValue() {
        for (int value = 0; value <= 21; value++) {
            Status status = Status.forValue(value);
            assertThat(status).as("jca status %d", value).isNotNull();
            assertThat(DbrConverter.statusOf(status).ordinal()).isEqualTo(value);
        }
        assertThat(DbrConverter.statusOf(Status.UDF_ALARM)).isEqualTo(AlarmStatus.UDF);
        assertThat(DbrConverter.statusOf(Status.HW_LIMIT_ALARM)).isEqualTo(AlarmStatus.HWLIMIT);
        assertThat(DbrConverter.statusOf(null)).isEqualTo(AlarmStatus.UDF);
    }

    @Test
    void plainDbrWithoutTimeOrAlarmIsInvalidUdfAtTheEpicsEpoch() {
        PvValue v = convert(new DBR_Double(new double[] {7}));
        assertThat(v.getValue()).isEqualTo(7.0);
        assertThat(v.getSeverity()).isEqualTo(Severity.INVALID);
        assertThat(v.getStatus()).isEqualTo(AlarmStatus.UDF);
        assertThat(v.getTimestampNs()).isEqualTo(631_152_000_000_000_000L);
    }
}
