package io.pvstream.ingest.write;

import java.util.List;

import gov.aps.jca.dbr.DBRType;
import io.pvstream.schemas.avro.EnumValue;

/**
 * Converts a write target (a value of the {@code PvValue.value} union, as saved in a snapshot) to the
 * put for the channel's native type. Pure.
 *
 * <p>Floating PVs get DBR_DOUBLE (the saved value exactly; the IOC narrows a FLOAT itself), integer
 * PVs their own type with a range check (so a value the field cannot hold fails instead of
 * wrapping), ENUM PVs the state index (from an EnumValue, a number or a label), STRING PVs text.
 * Anything that cannot be converted throws {@link IllegalArgumentException} with the reason.
 */
public final class PutValues {

    /** A CA string holds 40 bytes including the terminating NUL. */
    static final int MAX_STRING_LENGTH = 39;

    private PutValues() {
    }

    /**
     * @param nativeType   the channel's field type (jca DOUBLE, FLOAT, INT, SHORT, BYTE, ENUM or STRING)
     * @param elementCount the channel's element count: a target may not have more elements
     * @param enumLabels   the PV's state labels (ENUM only, else empty)
     */
    public static PutValue of(Object target, DBRType nativeType, int elementCount, List<String> enumLabels) {
        if (target == null) {
            throw new IllegalArgumentException("the target is null");
        }
        List<?> elements = ValueElements.of(target);
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("the target has no elements");
        }
        if (elements.size() > Math.max(elementCount, 1)) {
            throw new IllegalArgumentException("the target has " + elements.size() + " elements, the PV holds "
                    + elementCount);
        }
        int n = elements.size();
        if (nativeType.isDOUBLE() || nativeType.isFLOAT()) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = number(elements.get(i));
            }
            return new PutValue(DBRType.DOUBLE, out);
        } else if (nativeType.isINT()) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = (int) integer(elements.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
            return new PutValue(DBRType.INT, out);
        } else if (nativeType.isSHORT()) {
            short[] out = new short[n];
            for (int i = 0; i < n; i++) {
                out[i] = (short) integer(elements.get(i), Short.MIN_VALUE, Short.MAX_VALUE);
            }
            return new PutValue(DBRType.SHORT, out);
        } else if (nativeType.isBYTE()) {
            byte[] out = new byte[n]; // DBF_CHAR is signed, as DbrConverter reads it
            for (int i = 0; i < n; i++) {
                out[i] = (byte) integer(elements.get(i), Byte.MIN_VALUE, Byte.MAX_VALUE);
            }
            return new PutValue(DBRType.BYTE, out);
        } else if (nativeType.isENUM()) {
            short[] out = new short[n];
            for (int i = 0; i < n; i++) {
                out[i] = enumIndex(elements.get(i), enumLabels);
            }
            return new PutValue(DBRType.ENUM, out);
        } else if (nativeType.isSTRING()) {
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                out[i] = text(elements.get(i));
            }
            return new PutValue(DBRType.STRING, out);
        }
        throw new IllegalArgumentException("cannot write a PV of type " + nativeType.getName());
    }

    private static double number(Object element) {
        if (element instanceof Number n) {
            return n.doubleValue();
        } else if (element instanceof EnumValue e) {
            return e.getIndex();
        }
        try {
            return Double.parseDouble(element.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + element + "' is not a number");
        }
    }

    private static long integer(Object element, long min, long max) {
        long value;
        if (element instanceof Long l) {
            value = l;
        } else {
            double d = number(element);
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(d + " does not fit an integer PV");
            }
            value = Math.round(d);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " does not fit the PV's integer type (" + min + ".." + max + ")");
        }
        return value;
    }

    private static short enumIndex(Object element, List<String> labels) {
        if (element instanceof EnumValue e) {
            return checkedIndex(e.getIndex(), labels);
        }
        if (element instanceof CharSequence s) {
            int byLabel = labels.indexOf(s.toString());
            if (byLabel >= 0) {
                return (short) byLabel;
            }
        }
        return checkedIndex(integer(element, 0, 0xFFFF), labels);
    }

    private static short checkedIndex(long index, List<String> labels) {
        if (index < 0 || (!labels.isEmpty() && index >= labels.size())) {
            throw new IllegalArgumentException("state " + index + " does not exist; the PV has " + labels.size()
                    + " states " + labels);
        }
        return (short) index; // DBR_ENUM is an unsigned short: 0..65535 travels as its bit pattern
    }

    private static String text(Object element) {
        String s = element instanceof EnumValue e
                ? (e.getLabel() != null ? e.getLabel() : Integer.toString(e.getIndex()))
                : element.toString();
        if (s.length() > MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("'" + s + "' is longer than a CA string (" + MAX_STRING_LENGTH
                    + " characters)");
        }
        return s;
    }
}
