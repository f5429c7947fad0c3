package io.pvstream.query.health;

import java.util.List;
import java.util.Map;

import io.pvstream.streams.lag.TopicLag;

/**
 * Body of {@code GET /api/v1/health}.
 *
 * @param status UP: all fine; DEGRADED: answers, but something is wrong (Kafka unreachable, rebalancing,
 *               no live ingest, the latest-value store further behind than health.ready.max.lag.ms or its lag not
 *               known); DOWN: cannot answer PV queries (Streams not running)
 * @param lag    this instance's Streams lag; null while not measured yet
 */
public record HealthReport(Status status, Kafka kafka, Streams streams, Ingest ingest, Lag lag) {

    public enum Status { UP, DEGRADED, DOWN }

    /**
     * How far this instance's Streams processing is behind Kafka, measured every health.lag.sample.interval.ms.
     *
     * @param sampledAt          when it was measured (ISO-8601)
     * @param sampleAgeMs        how long ago; a measurement older than a few intervals means "not known now"
     * @param maxLagMs           health.ready.max.lag.ms: beyond it this instance is not ready
     * @param storeLagMs         how old the latest-value store's view is: the age of the oldest update of its inputs
     *                           (pv.values, pv.meta, pv.connections, pv.config) not applied yet; 0 when caught up
     * @param storeRecordsBehind the updates of those inputs not applied yet
     * @param topics             every input topic of this instance: partitions processed here, records behind, age
     *                           of the oldest unprocessed record
     */
    public record Lag(String sampledAt, long sampleAgeMs, long maxLagMs, long storeLagMs, long storeRecordsBehind,
                      Map<String, TopicLag> topics) {
    }

    /**
     * Body of {@code GET /api/v1/health/ready}: whether this instance's answers are live.
     *
     * @param status  UP (200): Streams runs and its latest-value store is within the bound; DEGRADED (503): behind,
     *                lag not known, or rebalancing; DOWN (503): Streams not running
     * @param reason  why not UP; null when UP
     * @param streams the Streams state
     */
    public record Readiness(Status status, String reason, String streams, Lag lag) {
    }

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
