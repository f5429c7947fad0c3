package io.pvstream.streams;

import static io.pvstream.streams.TestRecords.connection;
import static io.pvstream.streams.TestRecords.meta;
import static io.pvstream.streams.TestRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateUpdate.ConnectionUpdate;
import io.pvstream.streams.PvStateUpdate.MetaUpdate;
import io.pvstream.streams.PvStateUpdate.ValueUpdate;

class PvStateUpdateTest {

    private static PvState applyAll(List<PvStateUpdate> updates) {
        PvState state = null;
        for (PvStateUpdate update : updates) {
            state = update.applyTo("SIM:A", state);
        }
        return state;
    }

    @Test
    void eachUpdateSetsOnlyItsPart() {
        PvState state = new ValueUpdate(value("SIM:A", 1.5)).applyTo("SIM:A", null);

        assertThat(state.getName()).isEqualTo("SIM:A");
        assertThat(state.getValue().getValue()).isEqualTo(1.5);
        assertThat(state.getMeta()).isNull();
        assertThat(state.getConnection()).isNull();

        state = new MetaUpdate(meta("SIM:A", "mA")).applyTo("SIM:A", state);
        assertThat(state.getValue().getValue()).isEqualTo(1.5);
        assertThat(state.getMeta().getUnits()).isEqualTo("mA");
    }

    @Test
    void updatesFromDifferentTopicsCommute() {
        var v = new ValueUpdate(value("SIM:A", 2.0));
        var m = new MetaUpdate(meta("SIM:A", "V"));
        var c = new ConnectionUpdate(connection("SIM:A", true));

        PvState expected = applyAll(List.of(v, m, c));
        assertThat(applyAll(List.of(c, v, m))).isEqualTo(expected);
        assertThat(applyAll(List.of(m, c, v))).isEqualTo(expected);
    }

    @Test
    void tombstoneClearsItsPartOnly() {
        PvState state = applyAll(List.of(new ValueUpdate(value("SIM:A", 2.0)), new MetaUpdate(meta("SIM:A", "V"))));

        state = new ValueUpdate(null).applyTo("SIM:A", state);

        assertThat(state.getValue()).isNull();
        assertThat(state.getMeta().getUnits()).isEqualTo("V");
    }

    @Test
    void nothingLeftMeansForgotten() {
        PvState state = new ConnectionUpdate(connection("SIM:A", true)).applyTo("SIM:A", null);

        assertThat(new ConnectionUpdate(null).applyTo("SIM:A", state)).isNull();
        assertThat(new MetaUpdate(null).applyTo("SIM:A", null)).isNull();
    }

    @Test
    void theKeyNamesTheState() {
        PvState state = new ValueUpdate(value("other-name-in-payload", 1.0)).applyTo("SIM:A", null);

        assertThat(state.getName()).isEqualTo("SIM:A");
    }
}
