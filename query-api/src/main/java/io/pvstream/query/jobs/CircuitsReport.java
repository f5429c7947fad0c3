package io.pvstream.query.jobs;

import java.util.List;

/**
 * Body of {@code GET /api/v1/health/circuits}: the circuit breaker of every IOC as each ingest instance that wrote
 * to it reports it (an IOC written by two instances has two breakers, one per instance).
 *
 * @param open     breakers OPEN in live instances: IOCs that restore writes currently fail fast on
 * @param circuits sorted by IOC, then instance
 */
public record CircuitsReport(int open, List<Circuit> circuits) {

    /**
     * One breaker.
     *
     * @param ioc                 IOC address (host:port of its CA server)
     * @param state               CLOSED, OPEN or HALF_OPEN
     * @param consecutiveFailures failed writes in a row
     * @param opened              when it last opened; null if never
     * @param instance            the ingest instance whose breaker it is
     * @param instanceAlive       false when that instance missed its heartbeats: the state is its last word
     * @param reported            time of the heartbeat that carried it
     */
    public record Circuit(String ioc, String state, int consecutiveFailures, String opened, Long openedNs,
                          String lastError, String instance, boolean instanceAlive, String reported,
                          long reportedNs) {
    }
}
