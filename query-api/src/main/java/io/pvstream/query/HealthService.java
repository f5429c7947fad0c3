package io.pvstream.query;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.streams.KafkaStreams;

import io.pvstream.query.HealthReport.IngestInstance;
import io.pvstream.query.HealthReport.Status;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.streams.StoreNotReadyException;

/** Puts together the health of this instance: Kafka, its Streams instance, and the ingest it depends on. */
public final class HealthService {

    private final PvStateLookup lookup;
    private final KafkaProbe kafka;
    private final Clock clock;
    private final int missedHeartbeats;

    /**
     * @param missedHeartbeats heartbeat periods without a heartbeat after which an ingest instance is dead
     */
    public HealthService(PvStateLookup lookup, KafkaProbe kafka, Clock clock, int missedHeartbeats) {
        this.lookup = lookup;
        this.kafka = kafka;
        this.clock = clock;
        this.missedHeartbeats = missedHeartbeats;
    }

    public HealthReport report() {
        KafkaStreams.State streamsState = lookup.state();
        boolean kafkaReachable = kafka.reachable();
        List<IngestInstance> instances = ingestInstances();
        boolean ingestAlive = instances.stream().anyMatch(IngestInstance::alive);
        return new HealthReport(
                status(streamsState, kafkaReachable, ingestAlive),
                new HealthReport.Kafka(kafka.bootstrap(), kafkaReachable),
                new HealthReport.Streams(streamsState.name(), PvController.address(lookup.localHost())),
                new HealthReport.Ingest(ingestAlive, instances));
    }

    static Status status(KafkaStreams.State streams, boolean kafkaReachable, boolean ingestAlive) {
        if (streams != KafkaStreams.State.RUNNING && streams != KafkaStreams.State.REBALANCING) {
            return Status.DOWN;
        }
        if (streams == KafkaStreams.State.REBALANCING || !kafkaReachable || !ingestAlive) {
            return Status.DEGRADED;
        }
        return Status.UP;
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
