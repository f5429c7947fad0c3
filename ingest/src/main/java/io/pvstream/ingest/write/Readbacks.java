package io.pvstream.ingest.write;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import gov.aps.jca.Context;
import io.pvstream.ingest.ca.MonitoredChannel;
import io.pvstream.schemas.PvAddress;
import io.pvstream.schemas.avro.PvProtocol;

/**
 * Where a write's readback values come from: the monitor of a PV this instance watches anyway (no network
 * traffic at all), or, for a readback PV this instance does not monitor (owned by another instance, or in no
 * pv.config at all), a short-lived channel and monitor of the writer's own that ends with the verification: over
 * CA, or over pvAccess for a {@code pva://} name or an unprefixed one read back for a PV written over pvAccess.
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
    private final PvaReadbacks pva;

    Readbacks(Function<String, MonitoredChannel> monitored, Supplier<Context> context, WriterThread thread,
              int maxArrayBytes, PvaReadbacks pva) {
        this.monitored = monitored;
        this.context = context;
        this.thread = thread;
        this.maxArrayBytes = maxArrayBytes;
        this.pva = pva;
    }

    /**
     * Feeds {@code onValue} (from any thread) with the values of {@code pv}: the current one if known,
     * then every update. Called on the writer thread.
     *
     * @param writtenOver the protocol of the PV written: a readback name without a {@code pva://} prefix is read
     *                    over it (a setpoint and its readback are records of one IOC)
     */
    Source open(String pv, PvProtocol writtenOver, Consumer<Object> onValue) {
        PvAddress address = PvAddress.of(pv, writtenOver);
        MonitoredChannel own = monitored.apply(pv);
        if (own == null && address.protocol() == PvProtocol.PVA) {
            own = monitored.apply(PvAddress.PVA_PREFIX + address.channelName());
        }
        if (own == null) {
            if (address.protocol() == PvProtocol.PVA) {
                Runnable closer = pva.open(address.channelName(), onValue);
                return closer::run;
            }
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
