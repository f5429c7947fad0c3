package io.pvstream.connectors;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by asking it again every few tens of milliseconds, up to a deadline. */
final class Poll {

    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Poll() {
    }

    /** @return whether the condition became true before the timeout */
    static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting");
            }
        }
    }
}
