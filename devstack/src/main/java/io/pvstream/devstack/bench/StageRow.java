package io.pvstream.devstack.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * One row of issue 13's stage table: a stage's figure beside its baseline measured in the same run, the ratio, the
 * goal and whether this run met it. Harnesses return these so that {@code ./pvstream bench pipeline} can print every
 * stage in one table.
 *
 * @param stage    e.g. "ingest: softIoc 40K PVs @ 10 Hz → pv.values"
 * @param measure  what is compared, e.g. "CPU per update"
 * @param result   the stage's figure, with its unit
 * @param baseline the baseline's figure in the same run, with what it is ("—" where the goal has none)
 * @param ratio    result / baseline as the goal states it, e.g. "9.1×" or "63 %" ("—" where none)
 * @param goal     the goal, e.g. "≤ 4×"
 * @param met      whether this run met the goal
 */
public record StageRow(String stage, String measure, String result, String baseline, String ratio, String goal,
                       boolean met) {

    /** A row whose goal is only on the stage's own figure (no baseline). */
    static StageRow absolute(String stage, String measure, String result, String goal, boolean met) {
        return new StageRow(stage, measure, result, "—", "—", goal, met);
    }

    /** "2.68×": how many times the baseline. */
    static String times(double ratio) {
        return String.format("%.2f×", ratio);
    }

    /** "63 %": the share of the baseline. */
    static String percent(double ratio) {
        return String.format("%.0f %%", 100 * ratio);
    }

    /** Markdown, as BENCHMARKS.md carries it. */
    static void print(PrintStream out, List<StageRow> rows) {
        out.println();
        out.println("| stage | measure | result | baseline (same run) | ratio | goal | met |");
        out.println("|---|---|---|---|---|---|---|");
        for (StageRow row : rows) {
            out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", row.stage(), row.measure(), row.result(),
                    row.baseline(), row.ratio(), row.goal(), row.met() ? "yes" : "**no**");
        }
    }
}
