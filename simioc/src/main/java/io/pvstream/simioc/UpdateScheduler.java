package io.pvstream.simioc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The IOC's single scheduler thread: moves the simulated PVs and runs delayed work (readbacks,
 * asynchronous put completion).
 *
 * <p>Updates are spread evenly over each period instead of fired in one burst: every tick works
 * out from the elapsed time how many updates are due in total and performs the missing ones,
 * cycling through the PVs in order. Each PV is thus updated at the configured rate, and a tick that
 * comes late (GC, busy CPU) catches up without ever doing more than one period's worth at once.
 */
final class UpdateScheduler {

    private static final Logger log = LoggerFactory.getLogger(UpdateScheduler.class);
    private static final long TICK_MILLIS = 10;

    private final List<SimProcessVariable> simulated;
    private final SimProcessVariable waveform;
    private final SimulatedSignal signal;
    private final double updateRateHz;
    private final long signalOriginNanos = System.nanoTime();
    private final String threadName;

    private ScheduledExecutorService executor;
    private long startNanos;
    private long updatesDone;
    private long waveformUpdates;

    UpdateScheduler(List<SimProcessVariable> simulated, SimProcessVariable waveform,
                    double updateRateHz, String threadName) {
        this.simulated = List.copyOf(simulated);
        this.waveform = waveform;
        this.signal = new SimulatedSignal(simulated.size());
        this.updateRateHz = updateRateHz;
        this.threadName = threadName;
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        startNanos = System.nanoTime();
        updatesDone = 0;
        waveformUpdates = 0;
        if (updateRateHz > 0) {
            executor.scheduleAtFixedRate(this::tickSafely, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Runs {@code task} on the scheduler thread after {@code delay}; at once if not running. */
    void schedule(Runnable task, Duration delay) {
        ScheduledExecutorService current;
        synchronized (this) {
            current = executor;
        }
        if (current == null || current.isShutdown()) {
            task.run();
            return;
        }
        try {
            current.schedule(() -> runSafely(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stoppedMeanwhile) {
            task.run();
        }
    }

    private void tickSafely() {
        // An exception would cancel the fixed-rate task for good: log it and keep ticking.
        runSafely(this::tick);
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("simulated IOC task failed", e);
        }
    }

    /** Only ever runs on the scheduler thread, so the counters need no lock. */
    private void tick() {
        long now = System.nanoTime();
        double elapsed = (now - startNanos) / 1e9;
        double signalTime = (now - signalOriginNanos) / 1e9;
        int count = simulated.size();
        if (count > 0) {
            long due = (long) (elapsed * updateRateHz * count);
            if (due - updatesDone > count) {
                updatesDone = due - count; // more than a period behind: skip, never burst
            }
            for (; updatesDone < due; updatesDone++) {
                int index = (int) (updatesDone % count);
                simulated.get(index).updateScalar(signal.valueAt(index, signalTime));
            }
        }
        if (waveform != null) {
            long waveformDue = (long) (elapsed * updateRateHz) + 1;
            if (waveformUpdates < waveformDue) {
                waveformUpdates = waveformDue;
                int length = waveform.getDimensionSize(0);
                waveform.update(SimulatedSignal.waveAt(length, signalTime));
            }
        }
    }
}
