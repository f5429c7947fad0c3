package io.pvstream.ingest.ca;

import java.util.Collection;

import gov.aps.jca.Monitor;
import io.pvstream.schemas.avro.MonitorEvent;

/** CA event masks of value monitors, from a PV's configured {@link MonitorEvent}s. Pure. */
public final class MonitorMasks {

    /** DBE_VALUE | DBE_ALARM: every value change and every alarm change. */
    public static final int DEFAULT = Monitor.VALUE | Monitor.ALARM;

    private MonitorMasks() {
    }

    /**
     * The value monitor's mask. PROPERTY is left out: metadata has its own monitor, and property
     * events on the value monitor would only repeat the current value. An empty result falls back
     * to {@link #DEFAULT}, because a server rejects a subscription with no event bits.
     */
    public static int of(Collection<MonitorEvent> events) {
        int mask = 0;
        if (events != null) {
            for (MonitorEvent event : events) {
                mask |= switch (event) {
                    case VALUE -> Monitor.VALUE;
                    case ALARM -> Monitor.ALARM;
                    case ARCHIVE -> Monitor.LOG;
                    case PROPERTY -> 0;
                };
            }
        }
        return mask == 0 ? DEFAULT : mask;
    }
}
