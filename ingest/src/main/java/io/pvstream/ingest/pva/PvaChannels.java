package io.pvstream.ingest.pva;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.epics.pva.client.PVAClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.PvRecordSink;
import io.pvstream.ingest.ca.MonitoredChannel;

/**
 * The pvAccess side of an ingest instance: one core-pva client, made when the first pvAccess PV is asked for (an
 * ingest of CA PVs only opens no pvAccess socket), and one control thread that creates channels, subscribes on
 * connect and closes on stop. {@link #monitor} and {@link #stop} only enqueue, so the pv.config consumer never
 * waits on the network; core-pva callbacks hand connection changes to the same thread.
 */
public final class PvaChannels implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PvaChannels.class);

    private final String instance;
    private final PvRecordSink sink;
    private final Map<String, PvaPv> pvs = new ConcurrentHashMap<>();
    private final LongAdder updatesReceived = new LongAdder();
    private final ExecutorService control;
    private PVAClient client; // control thread only

    public PvaChannels(IngestConfig config, PvRecordSink sink) {
        this.instance = config.instanceId();
        this.sink = sink;
        this.control = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pva-control-" + instance);
            t.setDaemon(true);
            return t;
        });
        PvaSettings.apply(config); // before any core-pva class that reads the settings
    }

    /** Monitor {@code pv} (the pv.config key) on pvAccess channel {@code channelName}; no-op if monitored. */
    public void monitor(String pv, String channelName) {
        run(() -> {
            PvaPv existing = pvs.get(pv);
            if (existing != null && existing.channelName.equals(channelName)) {
                return;
            }
            if (existing != null) {
                stopNow(pv);
            }
            PvaPv created = new PvaPv(pv, channelName, instance, sink, updatesReceived, control);
            pvs.put(pv, created);
            created.channel = client().getChannel(channelName, created);
        });
    }

    /**
     * A short-lived monitor of pvAccess channel {@code channelName} for one readback verification: every value goes
     * to {@code onValue} until the returned closer runs. Returns at once (the channel is made on the control
     * thread), so the writer thread never waits on the network; publishes nothing.
     */
    public Runnable readbackMonitor(String channelName, Consumer<Object> onValue) {
        PvaReadbackMonitor monitor = new PvaReadbackMonitor(channelName, onValue, control);
        run(() -> monitor.open(client()));
        return () -> run(monitor::close);
    }

    /** Stop monitoring {@code pv}; publishes nothing for it afterwards. */
    public void stop(String pv) {
        run(() -> stopNow(pv));
    }

    private void stopNow(String pv) {
        PvaPv removed = pvs.remove(pv);
        if (removed != null) {
            removed.close();
        }
    }

    private PVAClient client() {
        if (client == null) {
            try {
                client = new PVAClient();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the pvAccess client: " + e.getMessage(), e);
            }
        }
        return client;
    }

    private void run(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) { // one PV's trouble must not stop the others
                    log.warn("pvAccess control task failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: nothing more is monitored
        }
    }

    public MonitoredChannel monitored(String pv) {
        return pvs.get(pv);
    }

    public int pvCount() {
        return pvs.size();
    }

    public int connectedCount() {
        return (int) pvs.values().stream().filter(PvaPv::isConnected).count();
    }

    public Set<String> monitoredNames() {
        return Set.copyOf(pvs.keySet());
    }

    /** Connected PVs whose value is not monitored (an unmapped structure), with the reason, by name. */
    public TreeMap<String, String> pvErrors() {
        TreeMap<String, String> errors = new TreeMap<>();
        pvs.values().forEach(pv -> {
            String error = pv.valueError();
            if (error != null && pv.isConnected()) {
                errors.put(pv.name, error);
            }
        });
        return errors;
    }

    public long updatesReceived() {
        return updatesReceived.sum();
    }

    /** Closes every channel and the client; publishes no disconnects (another instance may be taking over). */
    @Override
    public void close() {
        run(() -> {
            pvs.values().forEach(PvaPv::close);
            pvs.clear();
            if (client != null) {
                client.close();
            }
        });
        control.shutdown();
        try {
            if (!control.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("pvAccess control thread of {} did not stop within 10 s", instance);
                control.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
