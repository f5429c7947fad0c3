package io.pvstream.ingest.write;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.pvstream.schemas.avro.CircuitStatus;

/** One {@link CircuitBreaker} per IOC address, created on the first write to that IOC. Thread-safe. */
public final class CircuitBreakers {

    private final int failureThreshold;
    private final Duration resetTimeout;
    private final LongSupplier clockNs;
    private final Map<String, CircuitBreaker> byIoc = new ConcurrentHashMap<>();

    public CircuitBreakers(int failureThreshold, Duration resetTimeout, LongSupplier clockNs) {
        this.failureThreshold = failureThreshold;
        this.resetTimeout = resetTimeout;
        this.clockNs = clockNs;
    }

    /** The breaker of {@code ioc} (host:port of its CA server). */
    public CircuitBreaker of(String ioc) {
        return byIoc.computeIfAbsent(ioc, key -> new CircuitBreaker(key, failureThreshold, resetTimeout, clockNs));
    }

    /** Every IOC written to so far, sorted by address (the heartbeat's {@code circuits}). */
    public List<CircuitStatus> statuses() {
        return byIoc.values().stream()
                .map(CircuitBreaker::status)
                .sorted(Comparator.comparing(CircuitStatus::getIoc))
                .toList();
    }
}
