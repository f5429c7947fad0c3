package io.pvstream.records.snapshots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a snapshot PV by PV with another state (the live one or another snapshot). Pure.
 *
 * <p>Rules, in order: a PV without a value on either side is {@code missing}; a PV disconnected on either side is
 * {@code disconnected} (its value may be stale); otherwise numbers (and enum indexes, and array elements) are
 * equal within the tolerance — the query's if given, else the PV's from the configuration, else exactly — and
 * strings must be identical.
 */
public final class SnapshotCompare {

    public enum Outcome { DIFFERENT, MISSING, DISCONNECTED, EQUAL }

    /** A tolerance; both null means exact. A number passes if it is within either bound. */
    public record Tolerance(Double abs, Double rel) {
        public static final Tolerance NONE = new Tolerance(null, null);

        boolean isSet() {
            return abs != null || rel != null;
        }
    }

    /**
     * @param delta other − saved for a scalar number, else null
     */
    public record Item(String pv, Outcome outcome, SnapshotValue saved, SnapshotValue other, Double delta) {
    }

    /** The summary and the items, the ones needing attention first (different, missing, disconnected, equal). */
    public record Result(int total, int equal, int different, int missing, int disconnected, List<Item> items) {
    }

    private SnapshotCompare() {
    }

    /**
     * @param saved    the snapshot's PVs
     * @param other    the other side by PV name; a PV it lacks is missing
     * @param override the query's tolerance, or {@link Tolerance#NONE} to use each PV's own
     */
    public static Result compare(List<SnapshotValue> saved, Map<String, SnapshotValue> other, Tolerance override) {
        List<Item> items = new ArrayList<>(saved.size());
        int[] counts = new int[Outcome.values().length];
        for (SnapshotValue mine : saved) {
            SnapshotValue theirs = other.get(mine.pv());
            Outcome outcome = outcome(mine, theirs, override.isSet() ? override
                    : new Tolerance(mine.toleranceAbs(), mine.toleranceRel()));
            counts[outcome.ordinal()]++;
            items.add(new Item(mine.pv(), outcome, mine, theirs, delta(mine, theirs)));
        }
        items.sort(Comparator.comparing(Item::outcome).thenComparing(Item::pv));
        return new Result(saved.size(), counts[Outcome.EQUAL.ordinal()], counts[Outcome.DIFFERENT.ordinal()],
                counts[Outcome.MISSING.ordinal()], counts[Outcome.DISCONNECTED.ordinal()], List.copyOf(items));
    }

    public static Outcome outcome(SnapshotValue mine, SnapshotValue theirs, Tolerance tolerance) {
        if (theirs == null || !mine.hasValue() || !theirs.hasValue()) {
            return Outcome.MISSING;
        }
        if (mine.state() == SavedState.DISCONNECTED || theirs.state() == SavedState.DISCONNECTED) {
            return Outcome.DISCONNECTED;
        }
        return equal(mine, theirs, tolerance) ? Outcome.EQUAL : Outcome.DIFFERENT;
    }

    /** Whether two saved values are equal within {@code tolerance} (relative to {@code mine}). */
    public static boolean equal(SnapshotValue mine, SnapshotValue theirs, Tolerance tolerance) {
        double[] a = SnapshotValues.numbers(mine);
        double[] b = SnapshotValues.numbers(theirs);
        if (a == null || b == null) {
            return a == null && b == null && Objects.equals(mine.text(), theirs.text())
                    && Objects.equals(mine.json(), theirs.json());
        }
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!within(a[i], b[i], tolerance)) {
                return false;
            }
        }
        return true;
    }

    static boolean within(double expected, double actual, Tolerance tolerance) {
        if (Double.compare(expected, actual) == 0 || expected == actual) {
            return true; // also NaN = NaN and -0.0 = 0.0: the same reading
        }
        double difference = Math.abs(actual - expected);
        if (Double.isNaN(difference)) {
            return false;
        }
        return tolerance.abs() != null && difference <= tolerance.abs()
                || tolerance.rel() != null && difference <= tolerance.rel() * Math.abs(expected);
    }

    private static Double delta(SnapshotValue mine, SnapshotValue theirs) {
        if (theirs == null || !mine.hasValue() || !theirs.hasValue() || mine.num() == null || theirs.num() == null
                || SnapshotValues.ENUM.equals(mine.kind())) {
            return null; // no number on a side (also NaN, kept as text), or an enum
        }
        return theirs.num() - mine.num();
    }
}
