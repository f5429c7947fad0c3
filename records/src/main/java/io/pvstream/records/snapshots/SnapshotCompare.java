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
     * @param ratio |delta| / the tolerance that applied (the wider of the absolute and the relative bound), so
     *              above 1 is out of tolerance; null without a delta or without a tolerance (exact)
     */
    public record Item(String pv, Outcome outcome, SnapshotValue saved, SnapshotValue other, Double delta,
                       Double ratio) {

        /**
         * How far out of tolerance, for sorting: the ratio; without a tolerance (or for arrays and strings) a
         * difference counts as infinitely far, an equal value as 0.
         */
        double deviation() {
            if (ratio != null) {
                return ratio;
            }
            return outcome == Outcome.DIFFERENT ? Double.POSITIVE_INFINITY : 0;
        }
    }

    /**
     * Attention order: outcome (different, missing, disconnected, equal), then the most out of tolerance first
     * (|delta| / tolerance, then |delta|), then name. What an operator reads a compare of 40K PVs by.
     */
    public static final Comparator<Item> BY_DEVIATION = Comparator.comparing(Item::outcome)
            .thenComparing(Comparator.comparingDouble(Item::deviation).reversed())
            .thenComparing(Comparator.comparingDouble((Item item) -> item.delta() == null ? 0 : Math.abs(item.delta()))
                    .reversed())
            .thenComparing(Item::pv);

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
            Tolerance tolerance = override.isSet() ? override : new Tolerance(mine.toleranceAbs(), mine.toleranceRel());
            Outcome outcome = outcome(mine, theirs, tolerance);
            counts[outcome.ordinal()]++;
            Double delta = delta(mine, theirs);
            items.add(new Item(mine.pv(), outcome, mine, theirs, delta, ratio(delta, mine, tolerance)));
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

    /** |delta| over the wider bound of {@code tolerance} at {@code mine}'s value; null if either is missing. */
    static Double ratio(Double delta, SnapshotValue mine, Tolerance tolerance) {
        if (delta == null || !tolerance.isSet()) {
            return null;
        }
        double bound = Math.max(tolerance.abs() == null ? 0 : tolerance.abs(),
                tolerance.rel() == null ? 0 : tolerance.rel() * Math.abs(mine.num()));
        if (bound == 0) {
            return null; // a zero tolerance is exact: no ratio, sorted as a plain difference
        }
        return Math.abs(delta) / bound;
    }

    private static Double delta(SnapshotValue mine, SnapshotValue theirs) {
        if (theirs == null || !mine.hasValue() || !theirs.hasValue() || mine.num() == null || theirs.num() == null
                || SnapshotValues.ENUM.equals(mine.kind())) {
            return null; // no number on a side (also NaN, kept as text), or an enum
        }
        return theirs.num() - mine.num();
    }
}
