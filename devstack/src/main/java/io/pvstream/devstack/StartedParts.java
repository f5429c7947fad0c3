package io.pvstream.devstack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a platform that were started, or are being started, stopped in reverse order.
 *
 * <p>A part is added <em>before</em> it launches anything: a stop that comes during start-up (Ctrl-C while the
 * Connect worker or PostgreSQL is being launched) must reach the part being started, or its child process is
 * left behind. A part added after {@link #close()} is closed at once and start-up fails. Each part gets a
 * bounded time to stop, so one that hangs cannot keep the others, and their child processes, running.
 */
final class StartedParts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StartedParts.class);
    private static final Duration STOP_BOUND = Duration.ofSeconds(40);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private boolean closed;

    /**
     * @return {@code part}, to be started by the caller now
     * @throws IllegalStateException after {@link #close()}; {@code part} is then closed already
     */
    synchronized <T extends AutoCloseable> T add(T part) {
        if (closed) {
            stop(part);
            throw new IllegalStateException("stopped during start-up");
        }
        parts.push(part);
        return part;
    }

    /**
     * Stops every part, the last added first. Holds the lock throughout: a second caller (the shutdown hook
     * while a failed start-up cleans up) returns only once everything is stopped.
     */
    @Override
    public synchronized void close() {
        closed = true;
        while (!parts.isEmpty()) {
            stop(parts.pop());
        }
    }

    private static void stop(AutoCloseable part) {
        String name = part.getClass().getSimpleName();
        Thread stopper = new Thread(() -> {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", name, e.toString());
            }
        }, "stop-" + name);
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_BOUND.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            log.warn("{} did not stop within {}; stopping the other parts all the same", name, STOP_BOUND);
        }
    }
}
