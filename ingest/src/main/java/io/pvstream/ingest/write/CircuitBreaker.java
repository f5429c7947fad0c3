package io.pvstream.ingest.write;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.pvstream.schemas.avro.CircuitState;
import io.pvstream.schemas.avro.CircuitStatus;

/**
 * The circuit breaker of one IOC: after {@code failureThreshold} failed puts in a row it opens and
 * writes fail fast (no put reaches a sick IOC, and a restore does not wait for put timeouts PV after
 * PV); after {@code resetTimeout} it lets one trial write through, which closes it again on success
 * or re-opens it on failure.
 *
 * <p>Pure state machine: no CA, no threads. Time comes from an injectable clock (ns since the Unix
 * epoch, the unit of {@link CircuitStatus#getOpenedNs()}). Thread-safe (synchronized), though the
 * writer calls it from one thread.
 */
public final class CircuitBreaker {

    private final String ioc;
    private final int failureThreshold;
    private final long resetTimeoutNs;
    private final LongSupplier clockNs;

    private CircuitState state = CircuitState.CLOSED;
    private int consecutiveFailures;
    private Long openedNs;
    private String lastError;
    private boolean trialInFlight;

    public CircuitBreaker(String ioc, int failureThreshold, Duration resetTimeout, LongSupplier clockNs) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        this.ioc = ioc;
        this.failureThreshold = failureThreshold;
        this.resetTimeoutNs = resetTimeout.toNanos();
        this.clockNs = clockNs;
    }

    /**
     * Asks to write. CLOSED: yes. OPEN: no, until the reset timeout has passed; then the breaker
     * becomes HALF_OPEN and this call is the one trial. HALF_OPEN: no while the trial is out.
     * A caller that got {@code true} must report {@link #onSuccess()} or {@link #onFailure(String)}.
     */
    public synchronized boolean tryAcquire() {
        if (state == CircuitState.OPEN && clockNs.getAsLong() - openedNs >= resetTimeoutNs) {
            state = CircuitState.HALF_OPEN;
            trialInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    /**
     * Whether the breaker is HALF_OPEN with its one trial write still out: other writes to the IOC should wait for
     * its outcome rather than fail (the IOC may well be back).
     */
    public synchronized boolean trialInProgress() {
        return state == CircuitState.HALF_OPEN && trialInFlight;
    }

    /** A put went through: the IOC answers, so the breaker closes and the failure count restarts. */
    public synchronized void onSuccess() {
        state = CircuitState.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    /** A put failed (error or timeout). Opens at the threshold, and at once when the trial failed. */
    public synchronized void onFailure(String reason) {
        consecutiveFailures++;
        lastError = reason;
        boolean trialFailed = state == CircuitState.HALF_OPEN;
        if (trialFailed || (state == CircuitState.CLOSED && consecutiveFailures >= failureThreshold)) {
            open();
        }
    }

    private void open() {
        state = CircuitState.OPEN;
        openedNs = clockNs.getAsLong();
        trialInFlight = false;
    }

    /** The state as it would be seen now: an OPEN breaker past its reset timeout reads HALF_OPEN. */
    public synchronized CircuitState state() {
        if (state == CircuitState.OPEN && clockNs.getAsLong() - openedNs >= resetTimeoutNs) {
            return CircuitState.HALF_OPEN;
        }
        return state;
    }

    public String ioc() {
        return ioc;
    }

    /** For the heartbeat. */
    public synchronized CircuitStatus status() {
        return CircuitStatus.newBuilder()
                .setIoc(ioc)
                .setState(state())
                .setConsecutiveFailures(consecutiveFailures)
                .setOpenedNs(openedNs)
                .setLastError(lastError)
                .build();
    }

    /** Why a write was refused, for its result message. */
    public synchronized String openMessage() {
        return "circuit breaker of IOC " + ioc + " is open after " + consecutiveFailures
                + " failed writes in a row (last: " + lastError + "); failing fast";
    }
}
