package io.pvstream.ingest.write;

/**
 * How far a numeric readback may be from its target and still verify a write. Pure.
 *
 * <p>With both bounds the larger allowance wins (either one is enough); with neither the numbers must be
 * equal. A relative tolerance is a fraction of the target, so at a target of 0 it allows nothing: a
 * write to zero needs an absolute tolerance to accept noise. NaN matches only NaN (a NaN setpoint
 * restored as NaN is what was saved); an infinity only the same infinity.
 *
 * @param abs absolute tolerance, null = none
 * @param rel relative tolerance (fraction of |target|), null = none
 */
public record Tolerance(Double abs, Double rel) {

    public static final Tolerance EXACT = new Tolerance(null, null);

    public Tolerance {
        if ((abs != null && !(abs >= 0)) || (rel != null && !(rel >= 0))) {
            throw new IllegalArgumentException("tolerances must be >= 0, got abs=" + abs + " rel=" + rel);
        }
    }

    /** Tolerances as a write command carries them; a negative or NaN one counts as none. */
    public static Tolerance of(Double abs, Double rel) {
        return new Tolerance(abs != null && abs >= 0 ? abs : null, rel != null && rel >= 0 ? rel : null);
    }

    public boolean isExact() {
        return abs == null && rel == null;
    }

    public boolean allows(double target, double readback) {
        if (Double.isNaN(target) || Double.isNaN(readback)) {
            return Double.isNaN(target) && Double.isNaN(readback);
        }
        if (target == readback) {
            return true; // also equal infinities, whose difference would be NaN
        }
        if (Double.isInfinite(target) || Double.isInfinite(readback)) {
            return false;
        }
        double allowed = Math.max(abs == null ? 0 : abs, rel == null ? 0 : rel * Math.abs(target));
        return Math.abs(readback - target) <= allowed;
    }
}
