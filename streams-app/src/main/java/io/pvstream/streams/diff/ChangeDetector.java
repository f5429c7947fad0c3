package io.pvstream.streams.diff;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.StringArray;

/**
 * The rules that make an update of a PV a real change, free of Kafka: pure functions of the state last
 * emitted, the state now and the PV's deadband.
 * <ul>
 *   <li>The first state of a PV is a change ({@link PvChange#FIRST}).</li>
 *   <li>{@link PvChange#VALUE}: numbers differ by more than the deadband (absolute; none = any difference);
 *       NaN to NaN is no change, a number to NaN or back is; arrays compare element by element with the
 *       deadband per element, a length change is a change; enums by index (the label is only a name);
 *       strings by equality; a different kind of value (double to long, scalar to array) or a value that
 *       appears or disappears is a change.</li>
 *   <li>{@link PvChange#SEVERITY}, {@link PvChange#STATUS}: the alarm of two values differs.</li>
 *   <li>{@link PvChange#CONNECTION}: the connected flag differs (or the connection appears or disappears).</li>
 * </ul>
 * A new timestamp alone is no change: that is what keeps a PV that is re-sent unchanged out of pv.diffs.
 */
public final class ChangeDetector {

    private ChangeDetector() {
    }

    /**
     * @param previous the state last emitted for the PV, or null if none was
     * @param current  the state now
     * @param deadband absolute deadband of numeric values; null, negative or NaN = any difference counts
     * @return the rules that fired; empty if the update is no change
     */
    public static Set<PvChange> changes(PvDiffState previous, PvDiffState current, Double deadband) {
        if (previous == null) {
            return EnumSet.of(PvChange.FIRST);
        }
        double band = deadband == null || !(deadband > 0) ? 0.0 : deadband; // !(x > 0) also catches NaN
        Set<PvChange> changes = EnumSet.noneOf(PvChange.class);
        PvValue before = previous.getValue();
        PvValue after = current.getValue();
        if (before == null || after == null) {
            if (before != after) {
                changes.add(PvChange.VALUE);
            }
        } else {
            if (valueChanged(before.getValue(), after.getValue(), band)) {
                changes.add(PvChange.VALUE);
            }
            if (before.getSeverity() != after.getSeverity()) {
                changes.add(PvChange.SEVERITY);
            }
            if (before.getStatus() != after.getStatus()) {
                changes.add(PvChange.STATUS);
            }
        }
        if (!Objects.equals(connectedOf(previous.getConnection()), connectedOf(current.getConnection()))) {
            changes.add(PvChange.CONNECTION);
        }
        return changes;
    }

    /** Whether two values of the PvValue union differ beyond {@code band} (≥ 0). */
    static boolean valueChanged(Object before, Object after, double band) {
        if (before instanceof Double a && after instanceof Double b) {
            return numberChanged(a, b, band);
        }
        if (before instanceof Long a && after instanceof Long b) {
            return longChanged(a, b, band);
        }
        if (before instanceof EnumValue a && after instanceof EnumValue b) {
            return a.getIndex() != b.getIndex();
        }
        if (before instanceof DoubleArray a && after instanceof DoubleArray b) {
            return doublesChanged(a.getValues(), b.getValues(), band);
        }
        if (before instanceof LongArray a && after instanceof LongArray b) {
            return longsChanged(a.getValues(), b.getValues(), band);
        }
        if (before instanceof String || before instanceof StringArray) {
            return !before.equals(after);
        }
        return true; // a different branch of the union: the PV changed type or shape
    }

    static boolean numberChanged(double before, double after, double band) {
        if (before == after) {
            return false; // also +0.0 vs -0.0 and equal infinities
        }
        boolean beforeNaN = Double.isNaN(before);
        boolean afterNaN = Double.isNaN(after);
        if (beforeNaN || afterNaN) {
            return beforeNaN != afterNaN; // NaN payloads differ, but NaN → NaN says nothing new
        }
        if (band == 0.0 || Double.isInfinite(before) || Double.isInfinite(after)) {
            return true;
        }
        return Math.abs(after - before) > band;
    }

    private static boolean longChanged(long before, long after, double band) {
        if (before == after) {
            return false;
        }
        // In double arithmetic, so a difference beyond Long.MAX_VALUE cannot overflow into a small one.
        return band == 0.0 || Math.abs((double) after - (double) before) > band;
    }

    private static boolean doublesChanged(List<Double> before, List<Double> after, double band) {
        if (before.size() != after.size()) {
            return true;
        }
        for (int i = 0; i < before.size(); i++) {
            if (numberChanged(before.get(i), after.get(i), band)) {
                return true;
            }
        }
        return false;
    }

    private static boolean longsChanged(List<Long> before, List<Long> after, double band) {
        if (before.size() != after.size()) {
            return true;
        }
        for (int i = 0; i < before.size(); i++) {
            if (longChanged(before.get(i), after.get(i), band)) {
                return true;
            }
        }
        return false;
    }

    private static Boolean connectedOf(PvConnection connection) {
        return connection == null ? null : connection.getConnected();
    }
}
