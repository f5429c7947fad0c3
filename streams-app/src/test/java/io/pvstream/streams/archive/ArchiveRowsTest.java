package io.pvstream.streams.archive;

import static io.pvstream.streams.archive.ArchiveRulesTest.T0;
import static io.pvstream.streams.archive.ArchiveRulesTest.connection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;

class ArchiveRowsTest {

    private static PvDiffState state(Object raw, boolean connected) {
        PvValue value = PvValue.newBuilder().setName("A").setTimestampNs(T0 + 123_456_789).setValue(raw)
                .setSeverity(Severity.MINOR).setStatus(AlarmStatus.HIGH).build();
        return new PvDiffState(value, connection(connected, T0 + 1_000));
    }

    @Test
    void valuesGoToTheColumnTheirKindSays() {
        ArchiveSample number = ArchiveSample.of("A", state(2.5, true), Set.of(PvChange.VALUE));
        assertThat(number).isEqualTo(new ArchiveSample("A", T0 + 123_456_789, "VALUE", "double", 2.5, null, null,
                "MINOR", "HIGH", true));
        ArchiveSample enumSample = ArchiveSample.of("A", state(new EnumValue(2, "Open"), true),
                Set.of(PvChange.VALUE, PvChange.SEVERITY));
        assertThat(enumSample.kind()).isEqualTo("enum");
        assertThat(enumSample.num()).isEqualTo(2.0);
        assertThat(enumSample.text()).isEqualTo("Open");
        assertThat(enumSample.changes()).isEqualTo("SEVERITY,VALUE");
        assertThat(ArchiveSample.of("A", state(7L, true), Set.of(PvChange.VALUE)).num()).isEqualTo(7.0);
        assertThat(ArchiveSample.of("A", state(new DoubleArray(List.of(1.0, Double.NaN)), true),
                Set.of(PvChange.VALUE)).json()).isEqualTo("[1.0,\"NaN\"]");
    }

    @Test
    void nonFiniteNumbersAreKeptAsTextOutOfTheStatistics() {
        ArchiveSample nan = ArchiveSample.of("A", state(Double.NaN, true), Set.of(PvChange.VALUE));
        assertThat(nan.num()).isNull();
        assertThat(nan.text()).isEqualTo("NaN");
    }

    @Test
    void aDisconnectIsAGapWithoutValueAtTheIngestTime() {
        ArchiveSample gap = ArchiveSample.of("A", state(2.5, false), Set.of(PvChange.CONNECTION));
        assertThat(gap).isEqualTo(new ArchiveSample("A", T0 + 1_000, "CONNECTION", null, null, null, null, null, null,
                false));
    }

    @Test
    void textNeverHoldsANul() {
        assertThat(ArchiveSample.of("A", state("a\0b", true), Set.of(PvChange.VALUE)).text()).isEqualTo("a\uFFFDb");
    }

    @Test
    void theRowIsOnePlainJsonObjectWithMicrosecondTime() throws Exception {
        ArchiveSample sample = ArchiveSample.of("SIM:A", state(2.5, true), Set.of(PvChange.VALUE));

        com.fasterxml.jackson.databind.JsonNode row = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ArchiveRows.json(sample));

        List<String> columns = new java.util.ArrayList<>();
        row.fieldNames().forEachRemaining(columns::add);
        assertThat(columns).containsExactly("pv_name", "sample_time",
                "sample_ns", "changes", "value_kind", "value_num", "value_text", "value_json", "severity", "status",
                "connected");
        assertThat(row.path("pv_name").asText()).isEqualTo("SIM:A");
        assertThat(row.path("sample_time").asText()).isEqualTo("2023-11-14T22:13:20.123456Z");
        assertThat(row.path("sample_ns").asLong()).isEqualTo(T0 + 123_456_789);
        assertThat(row.path("value_num").asDouble()).isEqualTo(2.5);
        assertThat(row.path("value_text").isNull()).isTrue();
        assertThat(row.path("connected").asBoolean()).isTrue();
    }

    @Test
    void wholeSecondsKeepTheirFractionDigits() {
        assertThat(ArchiveRows.sampleTime(1_700_000_000_000_000_000L)).isEqualTo("2023-11-14T22:13:20.000000Z");
    }

    @Test
    void textWithQuotesBackslashesAndControlCharactersSurvivesTheRow() throws Exception {
        String text = "say \"hi\"\\ \n\t\u0001 µ→ ok";
        ArchiveSample sample = ArchiveSample.of("SIM:\"Q\"", state(text, true), Set.of(PvChange.VALUE));

        com.fasterxml.jackson.databind.JsonNode payload = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ArchiveRows.json(sample));

        assertThat(payload.path("pv_name").asText()).isEqualTo("SIM:\"Q\"");
        assertThat(payload.path("value_text").asText()).isEqualTo(text);
        assertThat(payload.path("value_num").isNull()).isTrue();
        assertThat(payload.path("value_json").isNull()).isTrue();
        assertThat(payload.path("changes").asText()).isEqualTo("VALUE");
    }

    @Test
    void sampleTimesOutsideFourDigitYearsStillRender() {
        assertThat(ArchiveRows.sampleTime(-1_000L)).isEqualTo("1969-12-31T23:59:59.999999Z");
        assertThat(ArchiveRows.sampleTime(0L)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(ArchiveRows.sampleTime(Long.MAX_VALUE)).isEqualTo("2262-04-11T23:47:16.854775Z");
    }
}
