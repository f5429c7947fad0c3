package io.pvstream.simioc;

/**
 * The value of simulated PV {@code index} at time {@code t}: a slow sine around mid-range whose
 * phase differs per PV, so at any moment some PVs sit in each alarm band (LOLO, LOW, normal, HIGH,
 * HIHI) and every PV crosses all of them once per period.
 */
final class SimulatedSignal {

    static final double PERIOD_SECONDS = 60.0;
    private static final double CENTER = 50.0;
    /** 50 ± 47 reaches below LOLO (5) and above HIHI (95) but stays inside the 0..100 range. */
    private static final double AMPLITUDE = 47.0;

    private final int count;

    SimulatedSignal(int count) {
        this.count = Math.max(1, count);
    }

    double valueAt(int index, double seconds) {
        double phase = (double) index / count;
        return CENTER + AMPLITUDE * Math.sin(2 * Math.PI * (seconds / PERIOD_SECONDS + phase));
    }

    /** A travelling sine for the waveform PV, one full wave over the array. */
    static double[] waveAt(int length, double seconds) {
        double[] wave = new double[length];
        double shift = seconds / PERIOD_SECONDS * 10;
        for (int i = 0; i < length; i++) {
            wave[i] = 10 * Math.sin(2 * Math.PI * ((double) i / length + shift));
        }
        return wave;
    }
}
