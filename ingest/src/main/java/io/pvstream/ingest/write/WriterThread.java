package io.pvstream.ingest.write;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.aps.jca.CAException;
import gov.aps.jca.Context;

/**
 * The one thread on which every write's state changes: commands, CAJ callbacks (put completions,
 * readback values, connections) and timers are all posted here, so a write needs no locks, and CA
 * requests (put, channel, monitor) are issued off CAJ's network threads, where flushing is forbidden.
 *
 * <p>CAJ queues requests until {@code flushIO}; a flush is posted once behind whatever is queued, so
 * many puts issued in a burst leave in one flush.
 */
final class WriterThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriterThread.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Supplier<Context> context;
    private boolean flushRequested; // writer thread only

    WriterThread(String name, Supplier<Context> context) {
        this.context = context;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // a put timeout is cancelled for almost every put: keep the queue to the live timers
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} on the writer thread; from any thread. Dropped once closed. */
    void post(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            // closing: the write it belongs to ends unanswered, and its command is delivered again
        }
    }

    /** Runs {@code task} on the writer thread after {@code delay}; null once closed. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** On the writer thread, after queueing CA requests: they leave with the next flush. */
    void requestFlush() {
        if (!flushRequested) {
            flushRequested = true;
            post(this::flush);
        }
    }

    private void flush() {
        flushRequested = false;
        try {
            context.get().flushIO();
        } catch (CAException | RuntimeException e) {
            log.warn("CA flushIO of the writer failed: {}", e.toString());
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) { // one write's trouble must not stop the others
                log.error("write task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("writer thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
