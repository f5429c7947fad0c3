package io.pvstream.devstack.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pvstream.devstack.cluster.ClusterLayout;
import io.pvstream.devstack.cluster.LocalCluster;
import io.pvstream.schemas.config.CommandLineOptions;

/**
 * {@code ./pvstream faults}: starts the local cluster ({@link LocalCluster}), runs every fault scenario under
 * steady load a number of times, prints the table of what was lost and duplicated and writes it to a file, then
 * stops the cluster.
 *
 * <p>Options: {@code --runs 3}, {@code --only broker-kill,ingest-kill} (default: all; broker-partition needs root,
 * iptables and cgroup v2), {@code --report FILE} (default {@code faults-report.md} in the data directory),
 * {@code --data-dir DIR} (default a new temporary one).
 */
public final class FaultsMain {

    private FaultsMain() {
    }

    /** Every scenario, by the key {@code --only} takes, in the order they run. */
    static Map<String, FaultScenario> scenarios() {
        Map<String, FaultScenario> all = new LinkedHashMap<>();
        all.put("broker-kill", BrokerFault.kill(Duration.ofSeconds(20)));
        all.put("ingest-kill", new IngestKill());
        all.put("query-api-kill", new QueryApiKill());
        all.put("connect-kill", new ConnectKill());
        all.put("postgres-stop", new PostgresStop(Duration.ofMinutes(2)));
        all.put("ioc-restart", new IocRestart());
        all.put("broker-pause", BrokerFault.pause(Duration.ofSeconds(60)));
        all.put("broker-partition", BrokerFault.partition(Duration.ofSeconds(60)));
        return all;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream faults",
                Map.of("runs", "3", "only", "", "report", "", "data-dir", ""), args);
        Map<String, FaultScenario> chosen = new LinkedHashMap<>(scenarios());
        LoopbackPartition.unavailableReason().ifPresent(why -> {
            System.err.println("./pvstream faults: no broker-partition here (" + why + "); broker-pause stands for it");
            chosen.remove("broker-partition");
        });
        if (!options.get("only").isBlank()) {
            List<String> keys = List.of(options.get("only").split(","));
            for (String key : keys) {
                if (!chosen.containsKey(key)) {
                    System.err.println("./pvstream faults: unknown scenario " + key + " (known: " + chosen.keySet() + ")");
                    System.exit(2);
                }
            }
            chosen.keySet().retainAll(keys);
        }
        Path dataDir = options.get("data-dir").isBlank() ? Files.createTempDirectory("pvstream-faults")
                : Path.of(options.get("data-dir"));
        Path report = options.get("report").isBlank() ? dataDir.resolve("faults-report.md") : Path.of(options.get("report"));
        int runs = Integer.parseInt(options.get("runs"));
        long started = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start(ClusterLayout.full(dataDir));
             IocTruth truth = new IocTruth(cluster.iocAddress(), cluster.pvNames())) {
            System.out.print(cluster.describe());
            FaultSuite suite = new FaultSuite(cluster, truth);
            List<ScenarioResult> done = new java.util.ArrayList<>();
            suite.runAll(chosen, runs, result -> {
                System.out.println((result.passed() ? "PASSED " : "FAILED ") + result);
                done.add(result);
                writeReport(report, chosen, done, runs, started); // after every run: a stopped suite keeps its results
            });
            System.out.println(Files.readString(report));
            System.out.println("report written to " + report);
        }
        System.exit(0);
    }

    private static void writeReport(Path report, Map<String, FaultScenario> chosen, List<ScenarioResult> results,
                                    int runs, long started) {
        String table = "Measured with `./pvstream faults --runs " + runs + "` ("
                + (System.nanoTime() - started) / 60_000_000_000L + " min so far).\n\n" + FaultSuite.table(chosen, results);
        try {
            Files.writeString(report, table);
        } catch (java.io.IOException e) {
            System.err.println("cannot write " + report + ": " + e);
        }
    }
}
