package io.pvstream.records.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the day partitions of {@code pv_archive} ahead of time and drops those past retention, with the SQL functions
 * of {@code V3__archive.sql}: at start, then every {@code archive.maintenance.interval.ms}; until the first success
 * (PostgreSQL down, migrations not run yet) every {@value #RETRY_SECONDS} s. Every query-api instance runs it: the
 * functions take an advisory lock and do nothing when there is nothing to do, so no instance has to be the one.
 *
 * <p>A connection of its own (not the read-only pools), opened per run: it runs a few statements an hour.
 */
public final class ArchiveMaintenance implements AutoCloseable {

    /** What one run did. */
    public record Result(int created, int dropped) {
    }

    static final long RETRY_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(ArchiveMaintenance.class);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HistoryConfig.Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "archive-maintenance");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant lastSuccess;
    private volatile long lastWarningMs;

    public ArchiveMaintenance(String jdbcUrl, String user, String password, HistoryConfig.Settings settings,
                              Clock clock) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.settings = settings;
        this.clock = clock;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::runIfDue, 0, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    /** One run now: the partitions of yesterday to today + ahead, and retention. */
    public Result runOnce() throws SQLException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant cutoff = clock.instant().minus(Duration.ofDays(settings.retentionDays()));
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            int created = call(connection, "SELECT pv_archive_ensure_partitions(?, ?)", today.minusDays(1),
                    today.plusDays(settings.partitionsAheadDays()));
            int dropped = call(connection, "SELECT pv_archive_drop_before(?)",
                    OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), null);
            return new Result(created, dropped);
        }
    }

    private void runIfDue() {
        Instant now = clock.instant();
        if (lastSuccess != null && now.isBefore(lastSuccess.plus(settings.maintenanceInterval()))) {
            return;
        }
        try {
            Result result = runOnce();
            lastSuccess = now;
            if (result.created() > 0 || result.dropped() > 0) {
                log.info("archive partitions: {} created ahead, {} dropped past {} days of retention",
                        result.created(), result.dropped(), settings.retentionDays());
            }
        } catch (SQLException | RuntimeException e) {
            if (System.currentTimeMillis() - lastWarningMs > Duration.ofMinutes(10).toMillis()) {
                lastWarningMs = System.currentTimeMillis();
                log.warn("archive partitions not maintained yet (retrying every {} s): {}", RETRY_SECONDS,
                        e.toString());
            }
        }
    }

    private static int call(Connection connection, String sql, Object first, Object second) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, first);
            if (second != null) {
                statement.setObject(2, second);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
