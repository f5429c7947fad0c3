package io.pvstream.ingest.write;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import gov.aps.jca.Context;
import io.pvstream.ingest.ca.MonitoredChannel;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;

/**
 * Performs write commands on the channels this instance monitors ({@link WriteJob}), all on one
 * writer thread: puts are asynchronous (put with callback), so thousands can be in flight without a
 * thread each. Results are reported on the writer thread.
 */
public final class PvWriter implements WriteExecutor, AutoCloseable {

    private final WriterThread thread;
    private final WriteJob.Environment environment;

    /**
     * @param channels            the monitored channel of a PV name, null if this instance does not monitor it
     * @param configuredReadbacks the readback PV pv.config gives a PV, null if none
     * @param context             the CA context (for channels of readbacks this instance does not monitor)
     * @param pvaReadbacks        pvAccess monitors of readbacks this instance does not monitor
     * @param clockNs             wall clock, ns since the Unix epoch (the unit of deadlines and results)
     */
    public PvWriter(String instance, WriteSettings settings, Function<String, MonitoredChannel> channels,
                    Function<String, String> configuredReadbacks, Supplier<Context> context,
                    PvaReadbacks pvaReadbacks, CircuitBreakers breakers, LongSupplier clockNs) {
        this.thread = new WriterThread("ingest-writer-" + instance, context);
        Readbacks readbacks = new Readbacks(channels, context, thread, settings.maxArrayBytes(), pvaReadbacks);
        this.environment = new WriteJob.Environment(channels, configuredReadbacks, breakers, readbacks, thread,
                settings, clockNs, instance);
    }

    @Override
    public void submit(PvWrite command, Consumer<PvWriteResult> onResult) {
        thread.post(() -> new WriteJob(command, environment, onResult).attempt());
    }

    /** Stops the writer thread; writes under way end unreported (their commands are not committed). */
    @Override
    public void close() {
        thread.close();
    }
}
