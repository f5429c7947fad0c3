package io.pvstream.streams.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvState;

class StaleRuleTest {

    private static final long S = 1_000_000_000L;
    private final StaleRule rule = new StaleRule(300 * S);

    private static PvState state(Boolean connected, long connectedAtNs, Long receivedNs, Long removedNs) {
        PvConnection connection = connected == null ? null : PvConnection.newBuilder().setName("P")
                .setConnected(connected).setSinceNs(connectedAtNs).build();
        return new PvState("P", null, null, connection, receivedNs, removedNs, null);
    }

    @Test
    void connectedAndSilentForLongerThanTheThresholdIsStale() {
        assertThat(rule.isStale(state(true, 0, 10 * S, null), 311 * S)).isTrue();
        assertThat(rule.isStale(state(true, 0, 10 * S, null), 310 * S)).isFalse();
    }

    @Test
    void aReconnectCountsAsASignOfLife() {
        assertThat(rule.isStale(state(true, 200 * S, 10 * S, null), 400 * S)).isFalse();
    }

    @Test
    void connectedWithoutAnyValueIsMeasuredFromTheConnect() {
        assertThat(rule.isStale(state(true, 100 * S, null, null), 401 * S)).isTrue();
    }

    @Test
    void disconnectedUnknownOrRemovedIsNeverStale() {
        assertThat(rule.isStale(state(false, 0, 0L, null), 1000 * S)).isFalse();
        assertThat(rule.isStale(state(null, 0, 0L, null), 1000 * S)).isFalse();
        assertThat(rule.isStale(state(true, 0, 0L, 5L), 1000 * S)).isFalse();
    }
}
