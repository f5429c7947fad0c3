package io.pvstream.query.jobs;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.pvstream.records.IsoTime;
import io.pvstream.query.jobs.CircuitsReport.Circuit;
import io.pvstream.schemas.avro.CircuitState;
import io.pvstream.schemas.avro.CircuitStatus;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.streams.PvStateLookup;

/** The circuit breakers of every IOC, from the ingest heartbeats (a global store: the same on every instance). */
final class CircuitsService {

    private static final Comparator<Circuit> BY_IOC_THEN_INSTANCE = Comparator.comparing(Circuit::ioc)
            .thenComparing(Circuit::instance);

    private final PvStateLookup heartbeats;
    private final Clock clock;
    private final int missedHeartbeats;

    /** @param missedHeartbeats heartbeat periods without one after which an instance is dead (as in /health) */
    CircuitsService(PvStateLookup heartbeats, Clock clock, int missedHeartbeats) {
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.missedHeartbeats = missedHeartbeats;
    }

    CircuitsReport report() {
        long nowNs = IsoTime.epochNs(clock.instant());
        List<Circuit> circuits = new ArrayList<>();
        for (IngestHeartbeat beat : heartbeats.heartbeats()) {
            boolean alive = alive(beat, nowNs);
            for (CircuitStatus status : beat.getCircuits()) {
                circuits.add(circuit(status, beat, alive));
            }
        }
        circuits.sort(BY_IOC_THEN_INSTANCE);
        int open = (int) circuits.stream()
                .filter(circuit -> circuit.instanceAlive() && circuit.state().equals(CircuitState.OPEN.name()))
                .count();
        return new CircuitsReport(open, circuits);
    }

    /** The rule of the health report: alive while fewer than the missed periods have passed since its heartbeat. */
    private boolean alive(IngestHeartbeat beat, long nowNs) {
        long ageMs = (nowNs - beat.getTimestampNs()) / 1_000_000;
        return ageMs < missedHeartbeats * beat.getIntervalMs();
    }

    private static Circuit circuit(CircuitStatus status, IngestHeartbeat beat, boolean alive) {
        Long openedNs = status.getOpenedNs();
        return new Circuit(status.getIoc(), status.getState().name(), status.getConsecutiveFailures(),
                openedNs == null ? null : IsoTime.format(openedNs), openedNs, status.getLastError(),
                beat.getInstance(), alive, IsoTime.format(beat.getTimestampNs()), beat.getTimestampNs());
    }
}
