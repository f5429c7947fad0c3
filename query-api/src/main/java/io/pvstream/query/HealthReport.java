package io.pvstream.query;

import java.util.List;

/**
 * Body of {@code GET /api/v1/health}.
 *
 * @param status UP: all fine; DEGRADED: answers, but something is wrong (Kafka unreachable, rebalancing,
 *               no live ingest); DOWN: cannot answer PV queries (Streams not running)
 */
public record HealthReport(Status status, Kafka kafka, Streams streams, Ingest ingest) {

    public enum Status { UP, DEGRADED, DOWN }

    public record Kafka(String bootstrap, boolean reachable) {
    }

    /** @param instance this instance's {@code application.server} */
    public record Streams(String state, String instance) {
    }

    /** @param alive at least one ingest instance sent a heartbeat recently enough */
    public record Ingest(boolean alive, List<IngestInstance> instances) {
    }

    /**
     * The last heartbeat of one ingest instance, and whether it counts as alive now.
     *
     * @param pvErrorCount PVs connected but not value-monitored (e.g. waveforms above ca.max.array.bytes)
     * @param pvErrors     the first of them (by name) with their error
     */
    public record IngestInstance(String instance, String host, boolean alive, String lastSeen, long lastSeenNs,
                                 long ageMs, long intervalMs, List<Integer> partitions, int pvCount,
                                 int connectedCount, double updatesPerSecond, long publishedTotal,
                                 long coalescedTotal, long publishErrorsTotal, int pvErrorCount,
                                 List<PvProblem> pvErrors) {
    }

    /** A PV that cannot be monitored, and why. */
    public record PvProblem(String name, String error) {
    }
}
