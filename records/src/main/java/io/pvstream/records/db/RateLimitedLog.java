package io.pvstream.records.db;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Logs a recurring failure (database down, Kafka unreachable) once per interval with the number of repeats
 * in between, instead of once per request or poll. Thread-safe.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastNanos;
    private boolean logged;
    private long suppressed;

    RateLimitedLog(Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    public RateLimitedLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    /** WARN with {@code error}'s message (never its stack: it recurs) unless one was logged within the interval. */
    public void warn(String message, Throwable error) {
        long repeats;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (logged && now - lastNanos < intervalNanos) {
                suppressed++;
                return;
            }
            repeats = suppressed;
            suppressed = 0;
            lastNanos = now;
            logged = true;
        }
        String cause = error == null ? "" : ": " + error;
        log.warn("{}{}{}", message, cause, repeats > 0 ? " (" + repeats + " more since the last report)" : "");
    }

    /** The failure is over: the next one is logged at once. */
    public void recovered(String message) {
        boolean wasFailing;
        synchronized (this) {
            wasFailing = logged;
            logged = false;
            suppressed = 0;
        }
        if (wasFailing) {
            log.info(message);
        }
    }
}
