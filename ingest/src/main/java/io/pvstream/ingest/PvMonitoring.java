package io.pvstream.ingest;

/**
 * The desired-PV-set side of monitoring: what the pv.config consumer drives. Calls must return at
 * once (they only enqueue work), because the consumer thread must keep polling.
 */
public interface PvMonitoring {

    /** Monitor {@code pv} with a value monitor of CA event {@code mask}, or change the mask of a monitored PV. */
    void monitor(String pv, int mask);

    /** Stop monitoring {@code pv}; nothing more is published for it. */
    void stop(String pv);
}
