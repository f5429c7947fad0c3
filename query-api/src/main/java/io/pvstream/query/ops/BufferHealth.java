package io.pvstream.query.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.javalin.http.Context;
import io.pvstream.query.http.ApiException;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.ops.PendingSummary;
import io.pvstream.records.buffer.BufferReport;
import io.pvstream.records.buffer.FlowRates;
import io.pvstream.records.buffer.PendingOverlay;
import io.pvstream.records.db.DatabaseStatus;

/**
 * Puts the buffer report together from what the background samplers last saw and the pending summaries of
 * every instance; only the latter is asked while the client waits. Always 200: it is a report, and its parts
 * say what is unknown.
 */
final class BufferHealth {

    static final String PATH = "/api/v1/health/buffer";

    private final PendingOverlay overlay;
    private final Supplier<Optional<FlowRates>> rates;
    private final Supplier<DatabaseStatus> database;
    private final Clock clock;

    BufferHealth(PendingOverlay overlay, Supplier<Optional<FlowRates>> rates, Supplier<DatabaseStatus> database,
                 Clock clock) {
        this.overlay = overlay;
        this.rates = rates;
        this.database = database;
        this.clock = clock;
    }

    void report(Context ctx) {
        ctx.json(report());
    }

    BufferReport report() {
        List<String> problems = new ArrayList<>();
        BufferReport.Pending pending = null;
        try {
            pending = pending(overlay.summary(), clock.instant());
        } catch (ApiException | StoreNotReadyException e) {
            problems.add("pending counts unknown: " + e.getMessage());
        }
        Optional<FlowRates> flow = rates.get();
        if (flow.isEmpty()) {
            problems.add("rates and dead letters not sampled yet");
        }
        DatabaseStatus status = database.get();
        if (status.primary() == null) {
            problems.add("no operations database polled (ops.jdbc.url empty, or not polled yet)");
        } else if (!status.primary().reachable()) {
            problems.add("primary: " + status.primary().error());
        }
        if (status.replica() != null && !status.replica().reachable()) {
            problems.add("replica: " + status.replica().error());
        }
        return new BufferReport(pending, flow.map(FlowRates::deadLetters).orElse(null),
                flow.map(f -> new BufferReport.Rates(f.applyPerSecond(), f.confirmPerSecond(), f.sampledAt()))
                        .orElse(null),
                status, problems);
    }

    static BufferReport.Pending pending(PendingSummary summary, Instant now) {
        Long oldestNs = summary.oldestBufferedNs();
        String oldestAt = null;
        Double ageSeconds = null;
        if (oldestNs != null) {
            Instant oldest = Instant.ofEpochSecond(Math.floorDiv(oldestNs, 1_000_000_000L),
                    Math.floorMod(oldestNs, 1_000_000_000L));
            oldestAt = oldest.toString();
            long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            ageSeconds = Math.max(0, nowNs - oldestNs) / 1e9;
        }
        return new BufferReport.Pending(summary.count(), summary.pendingCount(), summary.committedCount(),
                summary.overdueCount(), oldestAt, ageSeconds);
    }
}
