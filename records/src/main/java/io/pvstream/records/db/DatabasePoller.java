package io.pvstream.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.avro.ReplicaLsn;

import org.postgresql.replication.LogSequenceNumber;

/**
 * Polls the WAL positions of the operations database: the replica's replay LSN (published to
 * {@code ops.replica.lsn}, from which streams-app confirms buffered transactions) and the primary's current LSN,
 * and keeps the last result for the health report. One background thread; errors are logged (rate-limited) and
 * the next poll simply tries again.
 */
public final class DatabasePoller implements AutoCloseable {

    /** Where replay positions go; Kafka in production. */
    @FunctionalInterface
    public interface LsnSink {
        void publish(ReplicaLsn lsn);
    }

    private static final Logger log = LoggerFactory.getLogger(DatabasePoller.class);

    private final DataSource primary;
    private final DataSource replica;
    private final String replicaName;
    private final LsnSink sink;
    private final Clock clock;
    private final RateLimitedLog primaryDown = new RateLimitedLog(log, Duration.ofMinutes(1));
    private final RateLimitedLog replicaDown = new RateLimitedLog(log, Duration.ofMinutes(1));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ops-database-poller");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DatabaseStatus status = DatabaseStatus.UNKNOWN;

    /**
     * @param replica     null when there is none (then only the primary is polled, for the health report)
     * @param replicaName key of its {@code ops.replica.lsn} records ({@code host:port})
     */
    public DatabasePoller(DataSource primary, DataSource replica, String replicaName, LsnSink sink, Clock clock) {
        this.primary = primary;
        this.replica = replica;
        this.replicaName = replicaName;
        this.sink = sink;
        this.clock = clock;
    }

    /** Polls every {@code interval}, the first time at once. */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public DatabaseStatus status() {
        return status;
    }

    /** One poll: replica first (the replay position is what others wait for), then the primary; publishes. */
    public DatabaseStatus pollOnce() {
        String polledAt = clock.instant().toString();
        ReplicaPoint point = replica == null ? null : pollReplica();
        PrimaryPoint primaryPoint = pollPrimary(point, polledAt);
        DatabaseStatus.Replica replicaStatus = point == null ? null : replicaStatus(point, primaryPoint, polledAt);
        if (point != null && point.replayLsn() != null) {
            Long primaryLsn = primaryPoint.status().lsn() == null ? null : LogSequenceNumber.valueOf(primaryPoint.status().lsn()).asLong();
            sink.publish(new ReplicaLsn(replicaName, point.replayLsn(), primaryLsn, epochNs(clock.instant())));
        }
        status = new DatabaseStatus(primaryPoint.status(), replicaStatus);
        return status;
    }

    @Override
    public void close() {
        Schedulers.stop(scheduler);
    }

    private void pollSafely() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            log.error("polling the operations database failed; polling goes on", e);
        }
    }

    /** @param replayLsn null when unreachable, or not a standby */
    private record ReplicaPoint(Long replayLsn, Double replaySeconds, String error) {
    }

    private ReplicaPoint pollReplica() {
        try (Connection connection = replica.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT pg_last_wal_replay_lsn()::text,"
                     + " EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp()))::float8");
             ResultSet row = query.executeQuery()) {
            row.next();
            String lsn = row.getString(1);
            double seconds = row.getDouble(2);
            Double replaySeconds = row.wasNull() ? null : seconds;
            connection.commit();
            if (lsn == null) {
                replicaDown.warn("the operations replica " + replicaName + " is not a standby"
                        + " (pg_last_wal_replay_lsn() is null)", null);
                return new ReplicaPoint(null, null, "not a standby (pg_last_wal_replay_lsn() is null)");
            }
            replicaDown.recovered("operations replica " + replicaName + " answers again");
            return new ReplicaPoint(LogSequenceNumber.valueOf(lsn).asLong(), replaySeconds, null);
        } catch (SQLException e) {
            replicaDown.warn("cannot poll the replay position of the operations replica " + replicaName, e);
            return new ReplicaPoint(null, null, "unreachable, SQLState " + e.getSQLState());
        }
    }

    /** @param lagBytes how far the replica's replay position is behind; null without one */
    private record PrimaryPoint(DatabaseStatus.Primary status, Long lagBytes) {
    }

    private PrimaryPoint pollPrimary(ReplicaPoint point, String polledAt) {
        boolean withReplay = point != null && point.replayLsn() != null;
        String sql = withReplay
                ? "SELECT pg_current_wal_lsn()::text, pg_wal_lsn_diff(pg_current_wal_lsn(), CAST(? AS pg_lsn))::int8"
                : "SELECT pg_current_wal_lsn()::text";
        try (Connection connection = primary.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            if (withReplay) {
                query.setString(1, LogSequenceNumber.valueOf(point.replayLsn()).asString());
            }
            PrimaryPoint result;
            try (ResultSet row = query.executeQuery()) {
                row.next();
                result = new PrimaryPoint(new DatabaseStatus.Primary(true, row.getString(1), null, polledAt),
                        withReplay ? Math.max(0, row.getLong(2)) : null);
            }
            connection.commit();
            primaryDown.recovered("operations primary answers again");
            return result;
        } catch (SQLException e) {
            primaryDown.warn("cannot poll the WAL position of the operations primary", e);
            return new PrimaryPoint(new DatabaseStatus.Primary(false, null, "unreachable, SQLState " + e.getSQLState(),
                    polledAt), null);
        }
    }

    private DatabaseStatus.Replica replicaStatus(ReplicaPoint point, PrimaryPoint primaryPoint, String polledAt) {
        if (point.replayLsn() == null) {
            return new DatabaseStatus.Replica(replicaName, false, null, null, null, point.error(), polledAt);
        }
        Long bytes = primaryPoint.lagBytes();
        // replayed all the primary has: no lag, however long ago the last transaction was replayed
        Double seconds = bytes != null && bytes == 0 ? Double.valueOf(0.0) : point.replaySeconds();
        return new DatabaseStatus.Replica(replicaName, true, LogSequenceNumber.valueOf(point.replayLsn()).asString(), bytes, seconds, null,
                polledAt);
    }

    private static long epochNs(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
