package io.pvstream.records.db;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the migrations in the background until they succeed once, retrying with back-off: query-api must start,
 * and buffer writes, while PostgreSQL is down. Failures are logged without their stack (they repeat), at most
 * once a minute.
 */
public final class BackgroundMigrations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundMigrations.class);

    private final Runnable migrate;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final RateLimitedLog failures = new RateLimitedLog(log, Duration.ofMinutes(1));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ops-migrations");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean done;
    private volatile int attempts;

    /**
     * @param migrate    one attempt; throws when it fails
     * @param firstDelay wait after the first failure, doubled after each further one up to {@code maxDelay}
     */
    public BackgroundMigrations(Runnable migrate, Duration firstDelay, Duration maxDelay) {
        this.migrate = migrate;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    public void start() {
        scheduler.execute(() -> attempt(firstDelay));
    }

    public boolean done() {
        return done;
    }

    public int attempts() {
        return attempts;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void attempt(Duration nextDelay) {
        attempts++;
        try {
            migrate.run();
            done = true;
            log.info("operations tables migrated (attempt {})", attempts);
            scheduler.shutdown();
        } catch (RuntimeException e) {
            failures.warn("operations tables not migrated yet (attempt " + attempts + "); retrying in the background",
                    e);
            Duration after = nextDelay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : nextDelay.multipliedBy(2);
            if (!scheduler.isShutdown()) {
                scheduler.schedule(() -> attempt(after), nextDelay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
