package io.pvstream.ingest.pva;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVAByteArray;
import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVADoubleArray;
import org.epics.pva.data.PVAFloatArray;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAIntArray;
import org.epics.pva.data.PVALong;
import org.epics.pva.data.PVALongArray;
import org.epics.pva.data.PVANumber;
import org.epics.pva.data.PVAShortArray;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVAFloat;

import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.avro.StringArray;

/**
 * An NTScalar, NTScalarArray or NTEnum monitor update as the {@link PvValue} a CA update of the same record gives.
 * Pure. Everything is copied out: core-pva reuses the structure for the next update.
 */
final class NtValues {

    private static final String NT = "epics:nt/";
    private static final List<String> MAPPED = List.of("NTScalar:", "NTScalarArray:", "NTEnum:");

    private NtValues() {
    }

    /** Why a structure is not mapped, or null when it is (an NTScalar, NTScalarArray or NTEnum with a value). */
    static String unmappedReason(PVAStructure data) {
        String type = data.getStructureName();
        boolean mapped = type != null && type.startsWith(NT) && MAPPED.stream().anyMatch(nt ->
                type.startsWith(nt, NT.length()));
        if (!mapped || data.get("value") == null) {
            return "pvAccess structure '" + (type == null || type.isEmpty() ? "(no type id)" : type)
                    + "' is not monitored: only NTScalar, NTScalarArray and NTEnum are mapped";
        }
        return null;
    }

    /** @param data a mapped structure ({@link #unmappedReason} null) */
    static PvValue toPvValue(String name, PVAStructure data) {
        PVAStructure alarm = data.get("alarm");
        Severity severity = Severity.INVALID;
        int ntStatus = 0;
        String message = null;
        if (alarm != null) {
            severity = NtAlarms.severity(intOf(alarm.get("severity")));
            ntStatus = intOf(alarm.get("status"));
            message = alarm.get("message") instanceof PVAString s ? s.get() : null;
        }
        // the constructor, not the builder: Avro's builder validates and deep-copies every field, on the hot path
        return new PvValue(name, timestampNs(data.get("timeStamp")), valueOf(data.get("value")), severity,
                NtAlarms.status(severity, ntStatus, message));
    }

    /** A {@code PvValue.value} union value; throws IllegalArgumentException for a field it cannot map. */
    static Object valueOf(PVAData value) {
        if (value instanceof PVADouble || value instanceof PVAFloat) {
            return ((PVANumber) value).getNumber().doubleValue();
        } else if (value instanceof PVANumber n) {
            return n.getNumber().longValue();
        } else if (value instanceof PVABool b) {
            return b.get() ? 1L : 0L;
        } else if (value instanceof PVAString s) {
            return s.get() == null ? "" : s.get();
        } else if (value instanceof PVAStructure e) { // NTEnum's enum_t
            int index = intOf(e.get("index"));
            String[] choices = e.get("choices") instanceof PVAStringArray c ? c.get() : new String[0];
            return new EnumValue(index, index >= 0 && index < choices.length ? choices[index] : null);
        } else if (value instanceof PVADoubleArray d) {
            return new DoubleArray(boxed(d.get()));
        } else if (value instanceof PVAFloatArray f) {
            float[] floats = f.get();
            List<Double> out = new ArrayList<>(floats.length);
            for (float x : floats) {
                out.add((double) x);
            }
            return new DoubleArray(out);
        } else if (value instanceof PVAIntArray i) {
            return new LongArray(Arrays.stream(i.get()).mapToObj(x -> (long) x).toList());
        } else if (value instanceof PVALongArray l) {
            return new LongArray(Arrays.stream(l.get()).boxed().toList());
        } else if (value instanceof PVAShortArray s) {
            short[] shorts = s.get();
            List<Long> out = new ArrayList<>(shorts.length);
            for (short x : shorts) {
                out.add((long) x);
            }
            return new LongArray(out);
        } else if (value instanceof PVAByteArray b) {
            byte[] bytes = b.get();
            List<Long> out = new ArrayList<>(bytes.length);
            for (byte x : bytes) {
                out.add((long) x);
            }
            return new LongArray(out);
        } else if (value instanceof PVAStringArray s) {
            return new StringArray(List.copyOf(Arrays.asList(s.get())));
        }
        throw new IllegalArgumentException("cannot map a value field of type " + value.getType());
    }

    /** pvAccess time is POSIX (seconds since 1970), unlike CA's EPICS epoch: no offset. */
    private static long timestampNs(PVAStructure timeStamp) {
        if (timeStamp == null) {
            return 0;
        }
        PVAData seconds = timeStamp.get("secondsPastEpoch");
        PVAData nanos = timeStamp.get("nanoseconds");
        long s = seconds instanceof PVANumber n ? n.getNumber().longValue() : 0;
        long ns = nanos instanceof PVANumber n ? n.getNumber().longValue() : 0;
        return s * 1_000_000_000L + ns;
    }

    static int intOf(PVAData data) {
        if (data instanceof PVAInt i) {
            return i.get();
        }
        if (data instanceof PVALong l) {
            return (int) l.get();
        }
        return data instanceof PVANumber n ? n.getNumber().intValue() : 0;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double x : values) {
            out.add(x);
        }
        return out;
    }
}
