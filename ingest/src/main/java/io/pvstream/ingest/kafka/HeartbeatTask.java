package io.pvstream.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.pvstream.ingest.IngestStats;
import io.pvstream.ingest.WallClock;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.CircuitStatus;
import io.pvstream.schemas.avro.IngestHeartbeat;

/**
 * Builds one {@link IngestHeartbeat} per run and hands it to the publish buffer, so the heartbeat
 * travels the same path as the data: a stuck publisher shows up as missing heartbeats.
 * Runs on a single scheduler thread.
 */
public final class HeartbeatTask implements Runnable {

    private final String host;
    private final long intervalMs;
    private final Supplier<IngestStats> stats;
    private final LongSupplier updatesReceived;
    private final BufferingSink sink;
    private final Supplier<List<CircuitStatus>> circuits;
    private long lastUpdates;
    private long lastNanos = System.nanoTime();

    public HeartbeatTask(String host, long intervalMs, Supplier<IngestStats> stats, LongSupplier updatesReceived,
                         BufferingSink sink) {
        this(host, intervalMs, stats, updatesReceived, sink, List::of);
    }

    /** @param circuits the circuit breaker of every IOC the instance has written to */
    public HeartbeatTask(String host, long intervalMs, Supplier<IngestStats> stats, LongSupplier updatesReceived,
                         BufferingSink sink, Supplier<List<CircuitStatus>> circuits) {
        this.circuits = circuits;
        this.host = host;
        this.intervalMs = intervalMs;
        this.stats = stats;
        this.updatesReceived = updatesReceived;
        this.sink = sink;
    }

    @Override
    public void run() {
        IngestHeartbeat heartbeat = next();
        sink.offer(new OutboundRecord(Topics.INGEST_HEARTBEATS, heartbeat.getInstance(), heartbeat));
    }

    /** The heartbeat for the period since the previous call. */
    IngestHeartbeat next() {
        long nowNanos = System.nanoTime();
        long updates = updatesReceived.getAsLong();
        double seconds = Math.max(1e-3, (nowNanos - lastNanos) / 1e9);
        double perSecond = (updates - lastUpdates) / seconds;
        lastNanos = nowNanos;
        lastUpdates = updates;
        IngestStats now = stats.get();
        return IngestHeartbeat.newBuilder()
                .setInstance(now.instance())
                .setHost(host)
                .setTimestampNs(WallClock.nowNanos())
                .setIntervalMs(intervalMs)
                .setPartitions(new ArrayList<>(new TreeSet<>(now.partitions())))
                .setPvCount(now.pvCount())
                .setConnectedCount(now.connectedCount())
                .setUpdatesPerSecond(perSecond)
                .setPublishedTotal(now.publishedTotal())
                .setCoalescedTotal(now.coalescedTotal())
                .setPublishErrorsTotal(now.publishErrorsTotal())
                .setCircuits(new ArrayList<>(circuits.get()))
                .setPvErrorCount(now.pvErrorCount())
                .setPvErrors(new ArrayList<>(now.pvErrors()))
                .build();
    }
}
