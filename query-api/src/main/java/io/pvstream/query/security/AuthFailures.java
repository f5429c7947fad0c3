package io.pvstream.query.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Failed authentications per client address: after {@code maxFailures} within a window, that address is refused
 * (429) until the window that began with its first failure is over. Memory is bounded: at most
 * {@code maxAddresses} addresses are tracked, the least recently failing one is forgotten first (an attacker with
 * more addresses than that gets at most {@code maxFailures} guesses per address and window anyway, and 256-bit keys
 * cannot be guessed: the limit is against log flooding and wasted work). Thread-safe.
 */
public final class AuthFailures {

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows;

    private static final class Window {
        long startNanos;
        int failures;
    }

    public AuthFailures(int maxFailures, Duration window, int maxAddresses, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** How long {@code address} is still refused, or empty if it may try. */
    public synchronized OptionalLong blockedForNanos(String address) {
        Window window = windows.get(address);
        if (window == null) {
            return OptionalLong.empty();
        }
        long left = window.startNanos + windowNanos - nanoTime.getAsLong();
        if (left <= 0) {
            windows.remove(address);
            return OptionalLong.empty();
        }
        return window.failures >= maxFailures ? OptionalLong.of(left) : OptionalLong.empty();
    }

    /** Counts a failure of {@code address}. */
    public synchronized void failed(String address) {
        long now = nanoTime.getAsLong();
        Window window = windows.get(address);
        if (window == null || now - window.startNanos >= windowNanos) {
            window = new Window();
            window.startNanos = now;
            windows.put(address, window);
        }
        window.failures++;
    }

    /** Addresses tracked now (for tests and metrics). */
    public synchronized int tracked() {
        return windows.size();
    }
}
