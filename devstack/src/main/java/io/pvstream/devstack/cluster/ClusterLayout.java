package io.pvstream.devstack.cluster;

import java.nio.file.Path;

/**
 * What the local cluster runs: how many Connect workers, ingest and query-api instances (the quorum is always 3
 * nodes, PostgreSQL always a primary and a replica), and the simulated IOC's load.
 *
 * @param dataDir        where every part keeps its data (brokers, PostgreSQL, Streams state)
 * @param connectWorkers Connect workers in one distributed group
 * @param ingests        ingest instances sharing the PVs
 * @param apis           query-api instances (each with its Streams instance; standby replicas when more than one)
 * @param pvs            simulated PVs, all monitored
 * @param rateHz         updates per second of each PV
 */
public record ClusterLayout(Path dataDir, int connectWorkers, int ingests, int apis, int pvs, double rateHz) {

    public ClusterLayout {
        if (connectWorkers < 1 || ingests < 1 || apis < 1 || pvs < 1 || rateHz < 0) {
            throw new IllegalArgumentException("a cluster needs at least one of each part and one PV");
        }
    }

    /** The whole cluster of issue 17: 2 Connect workers, 2 ingest, 2 query-api, 50 PVs at 2 Hz. */
    public static ClusterLayout full(Path dataDir) {
        return new ClusterLayout(dataDir, 2, 2, 2, 50, 2.0);
    }

    /** Updates per second the IOC sends in all. */
    public double updatesPerSecond() {
        return pvs * rateHz;
    }
}
