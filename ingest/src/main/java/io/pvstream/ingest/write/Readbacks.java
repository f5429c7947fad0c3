package io.pvstream.ingest.write;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import gov.aps.jca.Context;
import io.pvstream.ingest.ca.MonitoredChannel;

/**
 * Where a write's readback values come from: the monitor of a PV this instance watches anyway (no CA
 * traffic at all), or, for a readback PV owned by another instance, a short-lived channel and monitor
 * of the writer's own that ends with the verification.
 */
final class Readbacks {

    /** A stream of readback values; closing it (on the writer thread) ends it. */
    interface Source extends AutoCloseable {
        @Override
        void close();
    }

    private final Function<String, MonitoredChannel> monitored;
    private final Supplier<Context> context;
    private final WriterThread thread;
    private final int maxArrayBytes;

    Readbacks(Function<String, MonitoredChannel> monitored, Supplier<Context> context, WriterThread thread,
              int maxArrayBytes) {
        this.monitored = monitored;
        this.context = context;
        this.thread = thread;
        this.maxArrayBytes = maxArrayBytes;
    }

    /**
     * Feeds {@code onValue} (from any thread) with the values of {@code pv}: the current one if known,
     * then every update. Called on the writer thread.
     */
    Source open(String pv, Consumer<Object> onValue) {
        MonitoredChannel own = monitored.apply(pv);
        if (own == null) {
            return TemporaryMonitor.open(context.get(), pv, onValue, thread, maxArrayBytes);
        }
        Runnable unwatch = own.watchValues(onValue); // first, so no update falls between the two
        Object latest = own.latestValue();
        if (latest != null) {
            onValue.accept(latest);
        }
        return unwatch::run;
    }
}
