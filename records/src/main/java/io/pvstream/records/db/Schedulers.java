package io.pvstream.records.db;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the single-thread schedulers of the background pollers and samplers. */
public final class Schedulers {

    private Schedulers() {
    }

    /** Interrupts the running task and waits up to 5 s for it to end (a JDBC call or a Kafka request). */
    public static void stop(ScheduledExecutorService scheduler) {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
