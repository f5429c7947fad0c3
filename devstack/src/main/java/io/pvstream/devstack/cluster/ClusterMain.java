package io.pvstream.devstack.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.pvstream.schemas.config.CommandLineOptions;

/**
 * {@code ./pvstream cluster}: the local cluster ({@link LocalCluster}: 3 KRaft brokers, PostgreSQL primary and
 * replica, 2 Connect workers, 2 ingest, 2 query-api, the simulated IOC, each its own process) until Ctrl-C.
 *
 * <p>Options: {@code --pvs 50}, {@code --rate 2} (Hz), {@code --data-dir DIR} (default a new temporary one).
 */
public final class ClusterMain {

    private ClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLineOptions.parseOrExit("./pvstream cluster",
                Map.of("pvs", "50", "rate", "2", "data-dir", ""), args);
        Path dataDir = options.get("data-dir").isBlank() ? Files.createTempDirectory("pvstream-cluster")
                : Path.of(options.get("data-dir"));
        ClusterLayout full = ClusterLayout.full(dataDir);
        ClusterLayout layout = new ClusterLayout(dataDir, full.connectWorkers(), full.ingests(), full.apis(),
                Integer.parseInt(options.get("pvs")), Double.parseDouble(options.get("rate")));
        CountDownLatch stopped = new CountDownLatch(1);
        LocalCluster cluster = LocalCluster.start(layout);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("pvstream cluster: stopping");
            cluster.close();
            stopped.countDown();
        }, "pvstream-cluster-shutdown"));
        System.out.print(cluster.describe());
        stopped.await();
    }
}
