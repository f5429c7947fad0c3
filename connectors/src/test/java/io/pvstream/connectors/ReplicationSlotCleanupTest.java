package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.connectors.ReplicationSlotCleanup.Slot;

/** Which slots the clean-up drops; the SQL side runs on a real PostgreSQL in devstack's SlotCleanupTest. */
class ReplicationSlotCleanupTest {

    private final ReplicationSlotCleanup cleanup = new ReplicationSlotCleanup("pvstream_ops", "pvstream_");

    @Test
    void dropsOnlyInactiveSlotsWithThePrefixOtherThanTheConfiguredOne() {
        List<Slot> slots = List.of(
                new Slot("pvstream_old", false, 1_000),
                new Slot("pvstream_ops", false, 0),          // configured: kept even while its source is stopped
                new Slot("pvstream_other_live", true, 10),   // someone reads it
                new Slot("other_slot", false, 5_000),        // not ours
                new Slot("pvstreamx", false, 0));            // prefix is the whole "pvstream_"

        assertThat(cleanup.droppable(slots)).extracting(Slot::name).containsExactly("pvstream_old");
    }

    @Test
    void anEmptyPrefixIsRefused() {
        assertThatThrownBy(() -> new ReplicationSlotCleanup("pvstream_ops", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onByDefaultWithThePvstreamPrefix() {
        ConnectConfig config = ConnectConfig.load(Map.of(), Map.of());
        assertThat(config.getBoolean(ConnectConfig.OPS_CDC_SLOT_CLEANUP)).isTrue();
        assertThat(config.getString(ConnectConfig.OPS_CDC_SLOT_CLEANUP_PREFIX)).isEqualTo("pvstream_");
        assertThatThrownBy(() -> ConnectConfig.load(Map.of(), Map.of(ConnectConfig.OPS_CDC_SLOT_CLEANUP_PREFIX, "")))
                .hasMessageContaining(ConnectConfig.OPS_CDC_SLOT_CLEANUP_PREFIX);
    }
}
