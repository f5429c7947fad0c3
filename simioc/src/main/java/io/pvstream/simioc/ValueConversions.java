package io.pvstream.simioc;

import gov.aps.jca.dbr.DBRType;

import java.lang.reflect.Array;
import java.util.List;

/**
 * Converts between what test code passes around (a Double, an int[], a label ...) and the native
 * array a CAJ DBR of a given type holds (double[] for DOUBLE, short[] for SHORT and ENUM, ...).
 */
final class ValueConversions {

    private ValueConversions() {
    }

    /**
     * The native array of {@code type} holding {@code value}: a scalar (Number, String, Boolean)
     * becomes a one-element array, an array is converted element by element. For ENUM a String is
     * looked up in {@code enumLabels} (or parsed as the index).
     */
    static Object toNative(DBRType type, Object value, List<String> enumLabels) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        Object source = value.getClass().isArray() ? value : new Object[] {value};
        int length = Array.getLength(source);
        Object target = newArray(type, length);
        for (int i = 0; i < length; i++) {
            setElement(type, target, i, Array.get(source, i), enumLabels);
        }
        return target;
    }

    /** What {@code value(...)} gives a caller: a boxed scalar, or a copy of the array. */
    static Object toPublic(Object nativeArray, boolean array) {
        if (array) {
            int length = Array.getLength(nativeArray);
            Object copy = Array.newInstance(nativeArray.getClass().getComponentType(), length);
            System.arraycopy(nativeArray, 0, copy, 0, length);
            return copy;
        }
        return Array.getLength(nativeArray) == 0 ? null : Array.get(nativeArray, 0);
    }

    /** First element as a double (0 for an empty or non-numeric array). */
    static double firstAsDouble(Object nativeArray) {
        if (Array.getLength(nativeArray) == 0) {
            return 0;
        }
        Object first = Array.get(nativeArray, 0);
        return first instanceof Number n ? n.doubleValue() : 0;
    }

    static Object newArray(DBRType type, int length) {
        if (type.isDOUBLE()) {
            return new double[length];
        } else if (type.isFLOAT()) {
            return new float[length];
        } else if (type.isINT()) {
            return new int[length];
        } else if (type.isSHORT() || type.isENUM()) {
            return new short[length];
        } else if (type.isBYTE()) {
            return new byte[length];
        } else if (type.isSTRING()) {
            String[] strings = new String[length];
            java.util.Arrays.fill(strings, "");
            return strings;
        }
        throw new IllegalArgumentException("unsupported DBR type " + type);
    }

    private static void setElement(DBRType type, Object target, int i, Object element,
                                   List<String> enumLabels) {
        if (type.isSTRING()) {
            ((String[]) target)[i] = String.valueOf(element);
            return;
        }
        double number = toNumber(type, element, enumLabels);
        if (type.isDOUBLE()) {
            ((double[]) target)[i] = number;
        } else if (type.isFLOAT()) {
            ((float[]) target)[i] = (float) number;
        } else if (type.isINT()) {
            ((int[]) target)[i] = (int) number;
        } else if (type.isSHORT() || type.isENUM()) {
            ((short[]) target)[i] = (short) number;
        } else {
            ((byte[]) target)[i] = (byte) number;
        }
    }

    private static double toNumber(DBRType type, Object element, List<String> enumLabels) {
        if (element instanceof Number n) {
            return n.doubleValue();
        }
        if (element instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String text = String.valueOf(element).trim();
        if (type.isENUM() && enumLabels.contains(text)) {
            return enumLabels.indexOf(text);
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot convert '" + text + "' to " + type.getName(), e);
        }
    }
}
