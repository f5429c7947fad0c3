package io.pvstream.ingest.write;

/**
 * The control (drive) limits of a PV from its DBR_CTRL metadata (DRVL/DRVH). Pure.
 *
 * <p>Limits apply only when {@code low < high}: EPICS leaves both at 0 for "no limits", and equal or
 * reversed limits mean the same.
 *
 * @param low  lower control limit, null if unknown
 * @param high upper control limit, null if unknown
 */
public record DriveLimits(Double low, Double high) {

    public static final DriveLimits NONE = new DriveLimits(null, null);

    public boolean apply() {
        return low != null && high != null && low < high;
    }

    /** Why {@code put} is outside the limits, or null when it is inside (or they do not apply). */
    public String violation(PutValue put) {
        if (!apply() || !put.isNumeric()) {
            return null;
        }
        for (double value : put.numbers()) {
            if (!(value >= low && value <= high)) { // NaN is outside too
                return "target " + value + " is outside the drive limits " + low + ".." + high;
            }
        }
        return null;
    }
}
