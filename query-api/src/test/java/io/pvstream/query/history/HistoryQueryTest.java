package io.pvstream.query.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.records.DomainException;
import io.pvstream.records.history.BinSize;
import io.pvstream.records.history.HistoryQuery;
import io.pvstream.records.history.Stat;

class HistoryQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void rawByDefaultWithToNowAndJson() {
        HistoryQuery query = parse(Map.of("from", "2026-11-23T11:00:00Z"), false);

        assertThat(query.binned()).isFalse();
        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.csv()).isFalse();
    }

    @Test
    void binsWithChosenStatisticsAndTheirCount() {
        HistoryQuery query = parse(Map.of("from", "2026-11-23T11:00:00Z", "to", "2026-11-23T11:10:30Z", "bin", "1m",
                "stat", "mean, max"), false);

        assertThat(query.bin()).isEqualTo(Duration.ofMinutes(1));
        assertThat(query.stats()).containsExactly(Stat.MEAN, Stat.MAX);
        assertThat(query.binCount()).as("the last, partial bin counts").isEqualTo(11);
        assertThat(parse(Map.of("from", "2026-11-23T11:00:00Z", "bin", "PT1H"), false).stats())
                .isEqualTo(EnumSet.allOf(Stat.class));
    }

    @Test
    void csvByFormatOrByAnAcceptOfCsvOnly() {
        assertThat(parse(Map.of("from", "2026-11-23T11:00:00Z", "format", "csv"), false).csv()).isTrue();
        assertThat(parse(Map.of("from", "2026-11-23T11:00:00Z"), true).csv()).isTrue();
        assertThat(parse(Map.of("from", "2026-11-23T11:00:00Z", "format", "json"), true).csv()).isFalse();
    }

    @Test
    void badRangesAndParametersAre400() {
        assertBad(Map.of(), "from: required");
        assertBad(Map.of("from", "2026-11-23T12:00:00Z", "to", "2026-11-23T11:00:00Z"), "must be before");
        assertBad(Map.of("from", "2026-11-23T11:00:00Z", "to", "2026-11-23T11:00:00Z"), "must be before");
        assertBad(Map.of("from", "yesterday"), "from: an ISO-8601");
        assertBad(Map.of("from", "1900-01-01T00:00:00Z"), "between");
        assertBad(Map.of("from", "2000-01-01T00:00:00Z", "bin", "1ms"), "history.max.bins");
        assertBad(Map.of("from", "2026-11-23T11:00:00Z", "bin", "0s"), "between 1 ms");
        assertBad(Map.of("from", "2026-11-23T11:00:00Z", "bin", "3 weeks"), "bin: a duration");
        assertBad(Map.of("from", "2026-11-23T11:00:00Z", "bin", "1m", "stat", "median"), "median");
        assertBad(Map.of("from", "2026-11-23T11:00:00Z", "stat", "mean"), "only with bin");
        assertBad(Map.of("from", "2026-11-23T11:00:00Z", "format", "xml"), "format");
    }

    @Test
    void binSizesInShortAndIsoForm() {
        assertThat(BinSize.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(BinSize.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(BinSize.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(BinSize.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(BinSize.parse("PT0.25S")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> BinSize.parse("400d")).hasMessageContaining("366 days");
        assertThatThrownBy(() -> BinSize.parse("PT0.0000001S")).hasMessageContaining("between 1 ms");
    }

    private static HistoryQuery parse(Map<String, String> params, boolean csvAccepted) {
        return HistoryQuery.parse("X:1", new HashMap<>(params)::get, csvAccepted, NOW, 100_000);
    }

    private static void assertBad(Map<String, String> params, String message) {
        assertThatThrownBy(() -> parse(params, false)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(ApiErrorHandlers.statusOf(e)).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
