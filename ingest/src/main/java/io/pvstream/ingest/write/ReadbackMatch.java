package io.pvstream.ingest.write;

import java.util.List;

import io.pvstream.schemas.avro.EnumValue;

/**
 * Whether a readback equals a write's target, for values of the {@code PvValue.value} union (double,
 * long, string, EnumValue and the three arrays). Pure.
 *
 * <p>Both sides are compared element by element (a scalar is a one-element array, so a waveform
 * of one element matches a scalar): numbers within the {@link Tolerance}, strings exactly, enums by
 * index. Across kinds, what an IOC would convert is accepted: an enum equals its index as a number
 * or its label as a string, and a string readback that parses as a number is compared as one (a
 * DBR_STRING readback of a numeric setpoint).
 */
public final class ReadbackMatch {

    private static final int TEXT_MAX_ELEMENTS = 16;

    private ReadbackMatch() {
    }

    public static boolean matches(Object target, Object readback, Tolerance tolerance) {
        if (target == null || readback == null) {
            return false;
        }
        List<?> targets = ValueElements.of(target);
        List<?> readbacks = ValueElements.of(readback);
        if (targets.size() != readbacks.size()) {
            return false;
        }
        for (int i = 0; i < targets.size(); i++) {
            if (!elementMatches(targets.get(i), readbacks.get(i), tolerance)) {
                return false;
            }
        }
        return true;
    }

    private static boolean elementMatches(Object target, Object readback, Tolerance tolerance) {
        if (target instanceof EnumValue t) {
            return enumMatches(t, readback);
        }
        if (readback instanceof EnumValue r) {
            return enumMatches(r, target);
        }
        if (target instanceof Long t && readback instanceof Long r && tolerance.isExact()) {
            return t.longValue() == r.longValue(); // no precision lost to doubles for large counts
        }
        Double t = asNumber(target);
        Double r = asNumber(readback);
        if (t != null && r != null && (target instanceof Number || readback instanceof Number)) {
            return tolerance.allows(t, r);
        }
        return target.toString().equals(readback.toString());
    }

    private static boolean enumMatches(EnumValue enumValue, Object other) {
        if (other instanceof EnumValue e) {
            return e.getIndex() == enumValue.getIndex();
        }
        if (other instanceof Number n) {
            return n.doubleValue() == enumValue.getIndex();
        }
        String text = other.toString();
        return text.equals(enumValue.getLabel()) || text.equals(Integer.toString(enumValue.getIndex()));
    }

    /** A number, or a string that reads as one; null otherwise. */
    private static Double asNumber(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof CharSequence s) {
            try {
                return Double.parseDouble(s.toString().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A value as operators read it in a result: long arrays are cut after a few elements. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof EnumValue e) {
            return e.getLabel() == null ? Integer.toString(e.getIndex()) : e.getLabel() + " (" + e.getIndex() + ")";
        }
        List<?> elements = ValueElements.of(value);
        if (elements.size() == 1 && elements.get(0) == value) {
            return value.toString();
        }
        StringBuilder text = new StringBuilder("[");
        int shown = Math.min(elements.size(), TEXT_MAX_ELEMENTS);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(elements.get(i));
        }
        if (shown < elements.size()) {
            text.append(", ... (").append(elements.size()).append(" elements)");
        }
        return text.append(']').toString();
    }
}
