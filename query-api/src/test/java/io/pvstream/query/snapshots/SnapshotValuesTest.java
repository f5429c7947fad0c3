package io.pvstream.query.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.LongArray;
import io.pvstream.schemas.avro.StringArray;
import io.pvstream.records.snapshots.SavedState;
import io.pvstream.records.snapshots.SnapshotValue;
import io.pvstream.records.snapshots.SnapshotValues;

class SnapshotValuesTest {

    @Test
    void everyKindOfValueSurvivesTheRoundTripToAWriteCommand() {
        List<Object> values = List.of(1.5, 42L, "text", new EnumValue(2, "HIGH"), new DoubleArray(List.of(1.0, 2.5)),
                new LongArray(List.of(1L, -2L)), new StringArray(List.of("a", "b,c")));
        for (Object value : values) {
            SnapshotValue saved = SnapshotTestValues.of("PV", value);
            assertThat(SnapshotValues.avroValue(saved)).as("%s", value).isEqualTo(value);
        }
    }

    @Test
    void theStreamedViewIsTheViewTree() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<SnapshotValue> values = List.of(SnapshotTestValues.number("D", 1.5),
                SnapshotTestValues.number("NAN", Double.NaN), SnapshotTestValues.of("L", 42L),
                SnapshotTestValues.of("S", "te\"xt"), SnapshotTestValues.enumValue("E", 2, "HIGH"),
                SnapshotTestValues.array("W", 1.0, 2.5), SnapshotTestValues.of("LW", new LongArray(List.of(1L, -2L))),
                SnapshotTestValues.of("SW", new StringArray(List.of("a", "b,c"))), SnapshotTestValues.neverSeen("N"),
                SnapshotTestValues.disconnected("X", 3.0),
                SnapshotTestValues.number("T", 4.0).withSettings(0.1, null, true));
        for (SnapshotValue value : values) {
            StringWriter streamed = new StringWriter();
            try (JsonGenerator out = mapper.getFactory().createGenerator(streamed)) {
                SnapshotValues.writeView(value, out);
            }
            assertThat(streamed.toString()).as(value.pv())
                    .isEqualTo(mapper.writeValueAsString(SnapshotValues.view(value)));
        }
    }

    @Test
    void nanAndInfinityTravelAsTextSoThatJsonSinksCanCarryThem() {
        SnapshotValue nan = SnapshotTestValues.number("A", Double.NaN);
        assertThat(nan.num()).isNull();
        assertThat(nan.text()).isEqualTo("NaN");
        assertThat(SnapshotValues.avroValue(nan)).isEqualTo(Double.NaN);
        assertThat(SnapshotValues.view(SnapshotTestValues.number("B", Double.NEGATIVE_INFINITY)).path("value").asText())
                .isEqualTo("-Infinity");
        assertThat(SnapshotValues.avroValue(SnapshotTestValues.array("W", Double.NaN, 1.0)))
                .isEqualTo(new DoubleArray(List.of(Double.NaN, 1.0)));
    }

    @Test
    void statesFollowTheConnection() {
        assertThat(SnapshotTestValues.number("A", 1).state()).isEqualTo(SavedState.OK);
        assertThat(SnapshotTestValues.disconnected("A", 1).state()).isEqualTo(SavedState.DISCONNECTED);
        SnapshotValue never = SnapshotTestValues.neverSeen("A");
        assertThat(never.state()).isEqualTo(SavedState.NEVER_SEEN);
        assertThat(never.hasValue()).isFalse();
        assertThat(SnapshotValues.view(never).path("value").isNull()).isTrue();
    }

    @Test
    void theApiShowsValuesAsThePvEndpointsDo() {
        assertThat(SnapshotValues.view(SnapshotTestValues.of("L", 7L)).path("value").asLong()).isEqualTo(7);
        assertThat(SnapshotValues.view(SnapshotTestValues.enumValue("E", 1, "ON")).path("value").path("label").asText())
                .isEqualTo("ON");
        assertThat(SnapshotValues.view(SnapshotTestValues.array("W", 1, 2)).path("value").size()).isEqualTo(2);
        assertThat(SnapshotValues.view(SnapshotTestValues.number("A", 1)).path("timestamp").asText())
                .startsWith("2026-");
    }
}
