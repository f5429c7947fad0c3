package io.pvstream.ingest.write;

import java.time.Duration;

/**
 * Exponential backoff of a write's transient failures (channel disconnected, put timeout): the wait
 * doubles from {@code initial} up to {@code max}, and after {@code maxTries} tries the write gives up.
 * Pure.
 */
public record Backoff(Duration initial, Duration max, int maxTries) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || maxTries < 1) {
            throw new IllegalArgumentException("need 0 <= initial <= max and maxTries >= 1");
        }
    }

    /** Whether a write that has failed {@code failedTries} times may try again. */
    public boolean mayRetry(int failedTries) {
        return failedTries < maxTries;
    }

    /** Wait before the next try after {@code failedTries} failures (1 → initial, 2 → 2 × initial, ...). */
    public Duration delayAfter(int failedTries) {
        if (failedTries < 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failedTries - 1, 40); // 2^40 × any sane initial exceeds max: no overflow
        long nanos = initial.toNanos();
        for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }
}
