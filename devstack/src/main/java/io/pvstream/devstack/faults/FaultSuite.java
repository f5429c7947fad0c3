package io.pvstream.devstack.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.devstack.cluster.LocalCluster;

/** Runs scenarios on one running cluster, each a number of times, and tables what was lost and duplicated. */
final class FaultSuite {

    private static final Logger log = LoggerFactory.getLogger(FaultSuite.class);
    static final double WRITES_PER_SECOND = 5;

    private final LocalCluster cluster;
    private final IocTruth truth;

    FaultSuite(LocalCluster cluster, IocTruth truth) {
        this.cluster = cluster;
        this.truth = truth;
    }

    /** One run of one scenario; a scenario that throws is a failed run, and the cluster is left as it is. */
    ScenarioResult runOnce(FaultScenario scenario, String key, int number) {
        String tag = key + "-r" + number + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        FaultRun run = new FaultRun(cluster, truth, tag, number, WRITES_PER_SECOND);
        log.info("fault {} run {}: {}", key, number, scenario.fault());
        try {
            scenario.run(run);
            ScenarioResult result = run.finish(scenario.fault(), scenario.writesMustSucceedWithin());
            log.info("fault {} run {}: {} — {}", key, number, result.passed() ? "PASSED" : "FAILED " + result.failed(),
                    result);
            return result;
        } catch (Exception e) {
            log.error("fault {} run {} could not complete", key, number, e);
            return new ScenarioResult(scenario.fault(), number, "", 0, 0, 0, false, 0, 0,
                    List.of("the run could not complete: " + e), List.of());
        }
    }

    /** Every scenario once, then every one again, {@code runs} rounds: a suite stopped early has seen every fault. */
    List<ScenarioResult> runAll(Map<String, FaultScenario> scenarios, int runs, Consumer<ScenarioResult> progress) {
        List<ScenarioResult> results = new ArrayList<>();
        for (int number = 1; number <= runs; number++) {
            for (Map.Entry<String, FaultScenario> scenario : scenarios.entrySet()) {
                ScenarioResult result = runOnce(scenario.getValue(), scenario.getKey(), number);
                results.add(result);
                progress.accept(result);
            }
        }
        return results;
    }

    /** The report: one row per fault (load held, lost, duplicated, passed runs), then what failed and was measured. */
    static String table(Map<String, FaultScenario> scenarios, List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder("| fault | must hold | load held | writes sent (201) | lost | duplicated "
                + "| slowest write | passed runs |\n|---|---|---|---|---|---|---|---|\n");
        Map<String, List<ScenarioResult>> byFault = new LinkedHashMap<>();
        scenarios.values().forEach(s -> byFault.put(s.fault(), new ArrayList<>()));
        results.forEach(r -> byFault.computeIfAbsent(r.fault(), f -> new ArrayList<>()).add(r));
        for (FaultScenario scenario : scenarios.values()) {
            List<ScenarioResult> runs = byFault.get(scenario.fault());
            if (runs.isEmpty()) {
                continue;
            }
            out.append("| ").append(scenario.fault()).append(" | ").append(scenario.mustHold()).append(" | ")
                    .append(runs.get(0).load()).append(" | ")
                    .append(runs.stream().mapToInt(ScenarioResult::sent).sum()).append(" (")
                    .append(runs.stream().mapToInt(ScenarioResult::acknowledged).sum()).append(") | ")
                    .append(runs.stream().mapToInt(ScenarioResult::lost).sum())
                    .append(runs.stream().allMatch(ScenarioResult::drained) ? "" : " (a run not drained: not applied yet)")
                    .append(" | ")
                    .append(runs.stream().mapToInt(ScenarioResult::duplicated).sum()).append(" | ")
                    .append(runs.stream().mapToLong(ScenarioResult::slowestWriteMs).max().orElse(0)).append(" ms | ")
                    .append(runs.stream().filter(ScenarioResult::passed).count()).append(" of ").append(runs.size())
                    .append(" |\n");
        }
        out.append('\n');
        for (ScenarioResult r : results) {
            out.append("- ").append(r.fault()).append(", run ").append(r.run()).append(": ")
                    .append(r.passed() ? "passed" : "FAILED: " + String.join("; ", r.failed()));
            if (!r.notes().isEmpty()) {
                out.append(" (").append(String.join("; ", r.notes())).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
