package io.pvstream.ingest.pva;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.epics.pva.data.PVAByte;
import org.epics.pva.data.PVAByteArray;
import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVADoubleArray;
import org.epics.pva.data.PVAFloat;
import org.epics.pva.data.PVAFloatArray;
import org.epics.pva.data.PVANumber;
import org.epics.pva.data.PVAShort;
import org.epics.pva.data.PVAShortArray;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;

import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.StringArray;
import io.pvstream.schemas.avro.PvMeta;

/**
 * The {@link PvMeta} of an NTScalar, NTScalarArray or NTEnum update: {@code display} (units, precision, display
 * limits), {@code control} (drive limits), {@code valueAlarm} (alarm limits) and the enum choices, as the DBR_CTRL
 * of the same record gives them over CA. Pure; parts the structure lacks stay null, as do NaN limits.
 */
final class NtMeta {

    private NtMeta() {
    }

    /**
     * @param data     a mapped structure
     * @param value    its value as converted ({@link NtValues#valueOf}): arrays give the element count
     * @param writable from the channel's access rights
     */
    static PvMeta toPvMeta(String name, PVAStructure data, Object value, boolean writable) {
        PVAData field = data.get("value");
        DbrType type = typeOf(field);
        PvMeta.Builder meta = PvMeta.newBuilder()
                .setName(name)
                .setType(type)
                .setCount(countOf(value))
                .setReadAccess(true)
                .setWriteAccess(writable)
                .setEnumLabels(type == DbrType.ENUM ? choices((PVAStructure) field) : List.of());
        boolean numeric = type != DbrType.ENUM && type != DbrType.STRING;
        if (numeric && data.get("display") instanceof PVAStructure display) {
            meta.setUnits(display.get("units") instanceof PVAString u ? u.get() : null)
                    .setDisplayLow(limit(display.get("limitLow")))
                    .setDisplayHigh(limit(display.get("limitHigh")));
            if ((type == DbrType.DOUBLE || type == DbrType.FLOAT) && display.get("precision") instanceof PVANumber p) {
                meta.setPrecision(p.getNumber().intValue());
            }
        }
        if (numeric && data.get("control") instanceof PVAStructure control) {
            meta.setControlLow(limit(control.get("limitLow"))).setControlHigh(limit(control.get("limitHigh")));
        }
        if (numeric && data.get("valueAlarm") instanceof PVAStructure alarm) {
            meta.setAlarmLoLo(limit(alarm.get("lowAlarmLimit")))
                    .setAlarmLow(limit(alarm.get("lowWarningLimit")))
                    .setAlarmHigh(limit(alarm.get("highWarningLimit")))
                    .setAlarmHiHi(limit(alarm.get("highAlarmLimit")));
        }
        return meta.build();
    }

    /**
     * The flat field indices (as in a monitor's {@code changes}) whose change can change the metadata: the whole
     * structure, display, control, valueAlarm with everything under them, and an enum's value structure and choices.
     * Computed once per PV: an update that touches none of them (value, alarm, timeStamp only) keeps the metadata.
     */
    static BitSet metaFields(PVAStructure data) {
        BitSet bits = new BitSet();
        bits.set(0);
        try {
            for (String name : List.of("display", "control", "valueAlarm")) {
                if (data.get(name) instanceof PVAStructure part) {
                    mark(data, part, bits);
                }
            }
            if (data.get("value") instanceof PVAStructure enumT) {
                bits.set(data.getIndex(enumT));
                if (enumT.get("choices") != null) {
                    bits.set(data.getIndex(enumT.get("choices")));
                }
            }
        } catch (Exception e) { // a field not found in its own structure: rebuild on every update
            bits.set(0, Integer.MAX_VALUE - 1);
        }
        return bits;
    }

    private static void mark(PVAStructure data, PVAStructure part, BitSet bits) throws Exception {
        bits.set(data.getIndex(part));
        for (PVAData child : part.get()) {
            if (child instanceof PVAStructure nested) {
                mark(data, nested, bits);
            } else {
                bits.set(data.getIndex(child));
            }
        }
    }

    /** The CA field type a value field corresponds to (QSRV serves DBF_LONG as int, DBF_CHAR as byte). */
    static DbrType typeOf(PVAData value) {
        if (value instanceof PVAStructure) {
            return DbrType.ENUM;
        } else if (value instanceof PVADouble || value instanceof PVADoubleArray) {
            return DbrType.DOUBLE;
        } else if (value instanceof PVAFloat || value instanceof PVAFloatArray) {
            return DbrType.FLOAT;
        } else if (value instanceof PVAShort || value instanceof PVAShortArray) {
            return DbrType.SHORT;
        } else if (value instanceof PVAByte || value instanceof PVAByteArray) {
            return DbrType.CHAR;
        } else if (value instanceof PVAString || value instanceof PVAStringArray) {
            return DbrType.STRING;
        }
        return DbrType.LONG; // int, long, boolean and their arrays
    }

    private static int countOf(Object value) {
        if (value instanceof DoubleArray d) {
            return d.getValues().size();
        } else if (value instanceof LongArray l) {
            return l.getValues().size();
        } else if (value instanceof StringArray s) {
            return s.getValues().size();
        }
        return 1;
    }

    private static List<String> choices(PVAStructure enumT) {
        return enumT.get("choices") instanceof PVAStringArray c ? List.copyOf(Arrays.asList(c.get())) : List.of();
    }

    private static Double limit(PVAData data) {
        if (!(data instanceof PVANumber n)) {
            return null;
        }
        double d = n.getNumber().doubleValue();
        return Double.isNaN(d) ? null : d;
    }
}
