package io.pvstream.ingest;

import io.pvstream.schemas.avro.PvProtocol;

/**
 * The desired-PV-set side of monitoring: what the pv.config consumer drives. Calls must return at
 * once (they only enqueue work), because the consumer thread must keep polling.
 */
public interface PvMonitoring {

    /** Monitor {@code pv} with a value monitor of CA event {@code mask}, or change the mask of a monitored PV. */
    void monitor(String pv, int mask);

    /**
     * Monitor {@code pv} over {@code protocol} (a {@code pva://} name prefix wins, see {@code PvAddress}). An
     * implementation of one protocol only ignores it.
     */
    default void monitor(String pv, int mask, PvProtocol protocol) {
        monitor(pv, mask);
    }

    /** Stop monitoring {@code pv}; nothing more is published for it. */
    void stop(String pv);
}
