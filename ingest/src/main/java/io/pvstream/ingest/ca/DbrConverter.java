package io.pvstream.ingest.ca;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import gov.aps.jca.dbr.BYTE;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DOUBLE;
import gov.aps.jca.dbr.ENUM;
import gov.aps.jca.dbr.FLOAT;
import gov.aps.jca.dbr.INT;
import gov.aps.jca.dbr.SHORT;
import gov.aps.jca.dbr.STRING;
import gov.aps.jca.dbr.STS;
import gov.aps.jca.dbr.TIME;
import gov.aps.jca.dbr.TimeStamp;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;

/**
 * Converts jca monitor payloads ({@code DBR_TIME_*}) to {@link PvValue}. Pure functions, no I/O:
 * called on CAJ callback threads, so they must stay cheap and must not block.
 */
public final class DbrConverter {

    /** Seconds from the Unix epoch (1970-01-01) to the EPICS epoch (1990-01-01). */
    public static final long EPICS_EPOCH_OFFSET_SECONDS = 631_152_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Severity[] SEVERITIES = Severity.values();
    private static final AlarmStatus[] STATUSES = AlarmStatus.values();

    private DbrConverter() {
    }

    /**
     * @param name       the PV name
     * @param dbr        a DBR_TIME_* (or any DBR; missing time/alarm parts become epoch/INVALID/UDF)
     * @param enumLabels labels of an ENUM PV from its latest metadata; null or empty if unknown
     */
    public static PvValue toPvValue(String name, DBR dbr, List<String> enumLabels) {
        TimeStamp stamp = dbr instanceof TIME time ? time.getTimeStamp() : null;
        STS sts = dbr instanceof STS s ? s : null;
        return PvValue.newBuilder()
                .setName(name)
                .setTimestampNs(toUnixNanos(stamp))
                .setValue(valueOf(dbr, enumLabels))
                .setSeverity(sts == null ? Severity.INVALID : severityOf(sts.getSeverity()))
                .setStatus(sts == null ? AlarmStatus.UDF : statusOf(sts.getStatus()))
                .build();
    }

    /**
     * The value branch of the {@link PvValue} union: scalars for exactly one element, arrays otherwise
     * (a variable-length array may momentarily hold 0 or 1 elements; with the native count > 1 that we
     * subscribe, CA pads it, so a waveform keeps its array branch).
     * CHAR is taken as signed (the wire carries no sign; EPICS DBF_CHAR is signed).
     */
    static Object valueOf(DBR dbr, List<String> enumLabels) {
        boolean array = dbr.getCount() != 1;
        if (dbr instanceof DOUBLE d) {
            return array ? new DoubleArray(boxed(d.getDoubleValue())) : (Object) d.getDoubleValue()[0];
        }
        if (dbr instanceof FLOAT f) {
            return array ? new DoubleArray(boxed(f.getFloatValue())) : (Object) (double) f.getFloatValue()[0];
        }
        if (dbr instanceof INT i) {
            return array ? new LongArray(boxed(i.getIntValue())) : (Object) (long) i.getIntValue()[0];
        }
        if (dbr instanceof SHORT s) {
            return array ? new LongArray(boxed(s.getShortValue())) : (Object) (long) s.getShortValue()[0];
        }
        if (dbr instanceof BYTE b) {
            return array ? new LongArray(boxed(b.getByteValue())) : (Object) (long) b.getByteValue()[0];
        }
        if (dbr instanceof STRING s) {
            String[] values = s.getStringValue();
            return array ? new StringArray(Arrays.asList(values)) : nonNull(values[0]);
        }
        if (dbr instanceof ENUM e) {
            return enumValueOf(e.getEnumValue(), enumLabels);
        }
        throw new IllegalArgumentException("unsupported DBR type " + dbr.getType());
    }

    /**
     * ENUM waveforms do not exist in EPICS databases; an ENUM with several elements keeps only its
     * first (the union has no enum-array branch) rather than failing the PV.
     */
    private static EnumValue enumValueOf(short[] indices, List<String> labels) {
        int index = indices.length == 0 ? 0 : indices[0] & 0xFFFF; // DBR_ENUM is an unsigned short on the wire
        String label = labels != null && index < labels.size() ? labels.get(index) : null;
        return new EnumValue(index, label);
    }

    /** EPICS time (seconds since 1990 + ns) to ns since the Unix epoch; a missing stamp is the EPICS epoch. */
    public static long toUnixNanos(TimeStamp stamp) {
        if (stamp == null) {
            return EPICS_EPOCH_OFFSET_SECONDS * NANOS_PER_SECOND;
        }
        return toUnixNanos(stamp.secPastEpoch(), stamp.nsec());
    }

    /** EPICS time (seconds since 1990-01-01 + ns) to ns since 1970-01-01. */
    public static long toUnixNanos(long secPastEpicsEpoch, long nsec) {
        return (secPastEpicsEpoch + EPICS_EPOCH_OFFSET_SECONDS) * NANOS_PER_SECOND + nsec;
    }

    /** By numeric value (our enum has the IOC's order); unknown or missing is INVALID. */
    public static Severity severityOf(gov.aps.jca.dbr.Severity severity) {
        if (severity == null) {
            return Severity.INVALID;
        }
        int value = severity.getValue();
        return value >= 0 && value < SEVERITIES.length ? SEVERITIES[value] : Severity.INVALID;
    }

    /** By numeric value (our enum has the IOC's order); unknown or missing is UDF. */
    public static AlarmStatus statusOf(gov.aps.jca.dbr.Status status) {
        if (status == null) {
            return AlarmStatus.UDF;
        }
        int value = status.getValue();
        return value >= 0 && value < STATUSES.length ? STATUSES[value] : AlarmStatus.UDF;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static List<Double> boxed(float[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add((double) v);
        }
        return out;
    }

    private static List<Long> boxed(int[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add((long) v);
        }
        return out;
    }

    private static List<Long> boxed(short[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (short v : values) {
            out.add((long) v);
        }
        return out;
    }

    private static List<Long> boxed(byte[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (byte v : values) {
            out.add((long) v);
        }
        return out;
    }
}
