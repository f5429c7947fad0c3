package io.pvstream.devstack.faults;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition, asking it again every {@code interval} up to a deadline, and says how long it took. */
final class Waits {

    private Waits() {
    }

    /** @return milliseconds until the condition held, or -1 if it did not within {@code timeout} */
    static long until(Duration timeout, Duration interval, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            if (System.nanoTime() - deadline > 0) {
                return -1;
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting");
            }
        }
    }
}
