package io.pvstream.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pvstream.records.history.HistoryBin;
import io.pvstream.records.history.HistoryOutput;
import io.pvstream.records.history.HistoryQuery;
import io.pvstream.records.history.HistorySample;
import io.pvstream.records.history.Stat;

class HistoryOutputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2026-11-23T03:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-23T04:00:00Z");
    private static final long T1 = FROM.getEpochSecond() * 1_000_000_000L + 1_500;

    @Test
    void rawSamplesInJsonShowValuesAsThePvEndpointsDoAndGapsWithoutValue() throws Exception {
        HistoryQuery query = new HistoryQuery("X:1", FROM, TO, null, EnumSet.allOf(Stat.class), false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (HistoryOutput out = HistoryOutput.json(bytes, MAPPER, query)) {
            out.sample(new HistorySample(T1, "VALUE", "double", 52.5, null, null, "MINOR", "HIGH", true));
            out.sample(new HistorySample(T1 + 1_000, "CONNECTION", null, null, null, null, null, null, false));
            out.finish(2);
        }
        JsonNode answer = MAPPER.readTree(bytes.toByteArray());

        assertThat(answer.path("name").asText()).isEqualTo("X:1");
        assertThat(answer.path("count").asInt()).isEqualTo(2);
        JsonNode first = answer.path("samples").get(0);
        assertThat(first.path("value").asDouble()).isEqualTo(52.5);
        assertThat(first.path("timestampNs").asLong()).isEqualTo(T1);
        assertThat(first.path("severity").asText()).isEqualTo("MINOR");
        JsonNode gap = answer.path("samples").get(1);
        assertThat(gap.path("connected").asBoolean()).isFalse();
        assertThat(gap.path("value").isNull()).isTrue();
        assertThat(gap.path("changes").get(0).asText()).isEqualTo("CONNECTION");
    }

    @Test
    void binsInCsvHoldTheChosenStatisticsAndEmptyBinsHaveEmptyFields() throws Exception {
        HistoryQuery query = new HistoryQuery("X:1", FROM, TO, Duration.ofMinutes(30), EnumSet.of(Stat.MEAN, Stat.COUNT),
                true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (HistoryOutput out = HistoryOutput.csv(bytes, query)) {
            out.bin(new HistoryBin(FROM, 2, 1.5, 1.0, 2.0, 1.0, 2.0, true));
            out.bin(new HistoryBin(FROM.plusSeconds(1800), 0, null, null, null, null, null, false));
            out.finish(2);
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "time,connected,mean,count",
                "2026-11-23T03:00:00Z,true,1.5,2",
                "2026-11-23T03:30:00Z,false,,0");
    }
}
