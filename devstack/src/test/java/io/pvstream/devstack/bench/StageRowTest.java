package io.pvstream.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pvstream.devstack.SoftIoc;

class StageRowTest {

    @Test
    void printsOneMarkdownRowPerStageWithAMissedGoalInBold() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StageRow.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(
                new StageRow("ingest", "CPU per update", "3.42 µs", "raw CAJ 0.38 µs", StageRow.times(9.0),
                        "≤ 4×", false),
                StageRow.absolute("latency", "IOC → pv.values p99", "28 ms", "≤ 50 ms", true)));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "",
                "| stage | measure | result | baseline (same run) | ratio | goal | met |",
                "|---|---|---|---|---|---|---|",
                "| ingest | CPU per update | 3.42 µs | raw CAJ 0.38 µs | 9.00× | ≤ 4× | **no** |",
                "| latency | IOC → pv.values p99 | 28 ms | — | — | ≤ 50 ms | yes |");
    }

    @Test
    void ratiosAreTimesOrShares() {
        assertThat(StageRow.times(2.678)).isEqualTo("2.68×");
        assertThat(StageRow.percent(0.634)).isEqualTo("63 %");
    }

    @Test
    void countersAreCalcRecordsNumberedFromOneThatReadThemselves() {
        assertThat(SoftIoc.counters("SIM:PV%05d", 2, ".1 second")).isEqualTo("""
                record(calc, "SIM:PV00001") {
                  field(SCAN, ".1 second")
                  field(CALC, "A+1")
                  field(INPA, "SIM:PV00001 NPP")
                }
                record(calc, "SIM:PV00002") {
                  field(SCAN, ".1 second")
                  field(CALC, "A+1")
                  field(INPA, "SIM:PV00002 NPP")
                }
                """);
    }
}
