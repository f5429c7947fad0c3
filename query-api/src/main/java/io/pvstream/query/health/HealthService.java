package io.pvstream.query.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

import org.apache.kafka.streams.KafkaStreams;

import io.pvstream.query.cluster.PeerCalls;
import io.pvstream.query.health.HealthReport.IngestInstance;
import io.pvstream.query.health.HealthReport.Lag;
import io.pvstream.query.health.HealthReport.Readiness;
import io.pvstream.query.health.HealthReport.Status;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.lag.LagSample;
import io.pvstream.streams.lag.StoreLag;
import io.pvstream.records.IsoTime;

/**
 * Puts together the health of this instance: Kafka, its Streams instance and how far behind it is, and the ingest it
 * depends on.
 */
public final class HealthService {

    private final PvStateLookup lookup;
    private final KafkaProbe kafka;
    private final Clock clock;
    private final int missedHeartbeats;
    private final StoreLag lag;
    private final Duration maxLag;
    private final Duration lagStaleAfter;

    /**
     * With no lag measurement (the lag counts for nothing).
     *
     * @param missedHeartbeats heartbeat periods without a heartbeat after which an ingest instance is dead
     */
    public HealthService(PvStateLookup lookup, KafkaProbe kafka, Clock clock, int missedHeartbeats) {
        this(lookup, kafka, clock, missedHeartbeats, StoreLag.NONE, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /**
     * @param lag           this instance's Streams lag
     * @param maxLag        how far behind the latest-value store may be and this instance still be ready
     * @param lagStaleAfter a lag measured longer ago than this is not known (and the instance not ready)
     */
    public HealthService(PvStateLookup lookup, KafkaProbe kafka, Clock clock, int missedHeartbeats, StoreLag lag,
                         Duration maxLag, Duration lagStaleAfter) {
        this.lookup = lookup;
        this.kafka = kafka;
        this.clock = clock;
        this.missedHeartbeats = missedHeartbeats;
        this.lag = lag;
        this.maxLag = maxLag;
        this.lagStaleAfter = lagStaleAfter;
    }

    public HealthReport report() {
        KafkaStreams.State streamsState = lookup.state();
        boolean kafkaReachable = kafka.reachable();
        List<IngestInstance> instances = ingestInstances();
        boolean ingestAlive = instances.stream().anyMatch(IngestInstance::alive);
        Lag lagNow = lag();
        return new HealthReport(
                status(streamsState, kafkaReachable, ingestAlive, lagProblem(lagNow) == null),
                new HealthReport.Kafka(kafka.bootstrap(), kafkaReachable),
                new HealthReport.Streams(streamsState.name(), PeerCalls.address(lookup.localHost())),
                new HealthReport.Ingest(ingestAlive, instances),
                lagNow);
    }

    /** Whether this instance's answers are live: Streams runs and its latest-value store is within the bound. */
    public Readiness readiness() {
        KafkaStreams.State streams = lookup.state();
        Lag lagNow = lag();
        if (streams != KafkaStreams.State.RUNNING && streams != KafkaStreams.State.REBALANCING) {
            return new Readiness(Status.DOWN, "streams is " + streams, streams.name(), lagNow);
        }
        if (streams == KafkaStreams.State.REBALANCING) {
            return new Readiness(Status.DEGRADED, "streams is rebalancing: partitions may be unserved",
                    streams.name(), lagNow);
        }
        String problem = lagProblem(lagNow);
        return new Readiness(problem == null ? Status.UP : Status.DEGRADED, problem, streams.name(), lagNow);
    }

    /** How old this instance's view of {@code pv} is (its store partition's lag); empty when not known. */
    public OptionalLong viewLagMs(String pv) {
        return lag.viewLagMs(pv);
    }

    static Status status(KafkaStreams.State streams, boolean kafkaReachable, boolean ingestAlive) {
        return status(streams, kafkaReachable, ingestAlive, true);
    }

    /** @param storeLive the latest-value store is within the lag bound (or its lag is not measured at all) */
    static Status status(KafkaStreams.State streams, boolean kafkaReachable, boolean ingestAlive, boolean storeLive) {
        if (streams != KafkaStreams.State.RUNNING && streams != KafkaStreams.State.REBALANCING) {
            return Status.DOWN;
        }
        if (streams == KafkaStreams.State.REBALANCING || !kafkaReachable || !ingestAlive || !storeLive) {
            return Status.DEGRADED;
        }
        return Status.UP;
    }

    private Lag lag() {
        return lag.latest().map(this::render).orElse(null);
    }

    private Lag render(LagSample sample) {
        return new Lag(IsoTime.format(sample.sampledAtMs() * 1_000_000L),
                Math.max(0, clock.millis() - sample.sampledAtMs()), maxLag.toMillis(), sample.storeAgeMs(),
                sample.storeRecordsBehind(), sample.byTopic());
    }

    /** Why the store's answers are not live now; null if they are (or nothing is measured). */
    private String lagProblem(Lag lagNow) {
        if (lagNow == null) {
            return null;
        }
        if (lagNow.sampleAgeMs() > lagStaleAfter.toMillis()) {
            return "the Streams lag is not known: last measured " + lagNow.sampleAgeMs() + " ms ago";
        }
        if (lagNow.storeLagMs() > maxLag.toMillis()) {
            return "the latest-value store is " + lagNow.storeLagMs() + " ms (" + lagNow.storeRecordsBehind()
                    + " updates) behind; at most " + maxLag.toMillis() + " ms is live (health.ready.max.lag.ms)";
        }
        return null;
    }

    /** Every ingest instance of the last heartbeats, by id, each marked alive or dead; empty while not known. */
    public List<IngestInstance> ingestInstances() {
        List<IngestHeartbeat> heartbeats;
        try {
            heartbeats = lookup.heartbeats();
        } catch (StoreNotReadyException e) {
            return List.of(); // not known yet: reported as not alive
        }
        long nowNs = IsoTime.epochNs(clock.instant());
        return heartbeats.stream()
                .map(beat -> instance(beat, nowNs))
                .sorted(Comparator.comparing(IngestInstance::instance))
                .toList();
    }

    private IngestInstance instance(IngestHeartbeat beat, long nowNs) {
        long ageMs = (nowNs - beat.getTimestampNs()) / 1_000_000;
        boolean alive = ageMs < missedHeartbeats * beat.getIntervalMs();
        return new IngestInstance(beat.getInstance(), beat.getHost(), alive, IsoTime.format(beat.getTimestampNs()),
                beat.getTimestampNs(), ageMs, beat.getIntervalMs(), beat.getPartitions(), beat.getPvCount(),
                beat.getConnectedCount(), beat.getUpdatesPerSecond(), beat.getPublishedTotal(),
                beat.getCoalescedTotal(), beat.getPublishErrorsTotal(), beat.getPvErrorCount(),
                beat.getPvErrors().stream().map(e -> new HealthReport.PvProblem(e.getName(), e.getError())).toList());
    }
}
