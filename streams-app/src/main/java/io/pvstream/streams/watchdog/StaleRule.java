package io.pvstream.streams.watchdog;

import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvState;

/**
 * When a PV counts as stale: it is connected, still wanted (in pv.config), and nothing has come from it for
 * longer than the threshold. "Nothing has come" is measured from the later of its last value's receive time
 * and its connection's start (a PV that connected but never sent a value, e.g. an oversized waveform, is
 * stale too). Receive times, not IOC times, so an IOC with a wrong clock is judged by what pvstream saw.
 */
public record StaleRule(long thresholdNs) {

    public boolean isStale(PvState state, long nowNs) {
        PvConnection connection = state.getConnection();
        if (connection == null || !connection.getConnected() || state.getRemovedNs() != null) {
            return false;
        }
        long lastSign = Math.max(connection.getSinceNs(),
                state.getValueReceivedNs() == null ? Long.MIN_VALUE : state.getValueReceivedNs());
        return nowNs - lastSign > thresholdNs;
    }
}
