package io.pvstream.simioc;

import gov.aps.jca.CAException;
import gov.aps.jca.CAStatus;
import gov.aps.jca.cas.ProcessVariableWriteCallback;
import gov.aps.jca.dbr.Severity;
import gov.aps.jca.dbr.Status;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A simulated EPICS IOC: a CAJ Channel Access server with moving PVs, one PV of each DBR type,
 * setpoint/readback pairs, a read-only and an asynchronously completing PV. See README.md.
 *
 * <pre>{@code
 * try (SimulatedIoc ioc = SimulatedIoc.builder().pvCount(100).updateRateHz(5).build()) {
 *     ioc.start();
 *     String addrList = ioc.addressList(); // "127.0.0.1:<port>" for a client's addr_list
 *     ...
 * }
 * }</pre>
 *
 * <p>PV state (values, alarms, write counts) survives {@link #stop()}/{@link #start()}, which
 * simulates an IOC restart on the same port. All methods are thread-safe.
 */
public final class SimulatedIoc implements AutoCloseable {

    private final SimIocConfig config;
    private final PvCatalog catalog;
    private final UpdateScheduler scheduler;
    private final PutHandling putHandling;
    private final CaServer server;
    private int port;

    public SimulatedIoc(SimIocConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = new PvCatalog(config);
        this.scheduler = new UpdateScheduler(catalog.simulated(), catalog.waveform(), config.updateRateHz(),
                "simioc-scheduler-" + config.prefix());
        this.putHandling = new PutHandling(catalog.readbackOfSetpoint(), scheduler,
                config.readbackLag(), config.asyncPutDelay());
        catalog.byName().values().forEach(pv -> pv.setWriteHandler(putHandling));
        this.server = new CaServer(new SimServer(catalog.byName()), config.maxArrayBytes());
        this.port = config.port();
    }

    public static SimIocBuilder builder() {
        return new SimIocBuilder();
    }

    /**
     * Starts serving. The first start with port 0 picks a free port; every later start (an IOC
     * restart after {@link #stop()}) reuses it. Does nothing if already running.
     *
     * @throws IllegalStateException if the port is in use
     */
    public synchronized SimulatedIoc start() {
        if (server.isRunning()) {
            return this;
        }
        try {
            port = server.start(port);
        } catch (CAException e) {
            throw new IllegalStateException("cannot start the CA server", e);
        }
        scheduler.start();
        return this;
    }

    /** Closes the CA server (clients see a disconnect) and stops the simulation. Restartable. */
    public synchronized void stop() {
        scheduler.stop();
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server.isRunning();
    }

    /** The CA server port, TCP and UDP alike (0 before the first start when picking a free one). */
    public synchronized int port() {
        return port;
    }

    /** What a client puts in {@code addr_list} (with {@code auto_addr_list=false}) to find this IOC. */
    public String addressList() {
        return "127.0.0.1:" + port();
    }

    public SimIocConfig config() {
        return config;
    }

    /** Every PV name this IOC serves. */
    public List<String> pvNames() {
        return List.copyOf(catalog.byName().keySet());
    }

    /** Name of moving simulated PV {@code index} (1-based), e.g. {@code SIM:PV00001}. */
    public String simulatedPvName(int index) {
        return catalog.simulatedName(index);
    }

    /** Name of setpoint {@code index} (1-based), e.g. {@code SIM:SP00001}. */
    public String setpointName(int index) {
        return catalog.setpointName(index);
    }

    /** Name of the readback following setpoint {@code index}, e.g. {@code SIM:RB00001}. */
    public String readbackName(int index) {
        return catalog.readbackName(index);
    }

    /** Prefix + suffix, e.g. {@code pvName("ENUM")} is {@code SIM:ENUM}. */
    public String pvName(String suffix) {
        return catalog.prefix() + suffix;
    }

    /**
     * Sets a PV as if the IOC processed it: fresh timestamp, alarm re-derived from the limits (if
     * it has any), monitor event posted, a readback following a setpoint. Accepts a Number, String
     * (also an enum label), Boolean, or an array of those / of primitives.
     */
    public void set(String pvName, Object value) {
        SimProcessVariable pv = pv(pvName);
        putHandling.apply(pv, ValueConversions.toNative(pv.getType(), value, pv.metadata().enumLabels()));
    }

    /** Sets severity and status and posts an alarm event. A moving PV re-derives them at its next update. */
    public void setAlarm(String pvName, Severity severity, Status status) {
        pv(pvName).setAlarm(new AlarmState(severity, status));
    }

    /** The current value: a boxed scalar (Double, Float, Integer, Short, Byte, Short for ENUM, String) or an array copy. */
    public Object value(String pvName) {
        return pv(pvName).publicValue();
    }

    /** The current alarm of a PV. */
    public AlarmState alarm(String pvName) {
        return pv(pvName).alarm();
    }

    /** How many puts (CA, or {@link #put} from another protocol) reached this PV, refused and never-completed ones too. */
    public long writeCount(String pvName) {
        return pv(pvName).writeCount();
    }

    /** What another protocol needs to serve this record alike (type, metadata, writability). */
    public RecordShape shape(String pvName) {
        SimProcessVariable pv = pv(pvName);
        return new RecordShape(pv.getType(), pv.isArray(), pv.metadata(), pv.writePolicy() != WritePolicy.READ_ONLY);
    }

    /**
     * Tells {@code watcher} the record's state now and after every change (value, alarm, timestamp), in order,
     * on the thread that changed it: how a second protocol (pvAccess) serves the very record CA serves. The watcher
     * must not block.
     *
     * @return stops the calls
     */
    public Runnable watch(String pvName, Consumer<RecordState> watcher) {
        return pv(pvName).watch(watcher);
    }

    /**
     * A client's put over another protocol, handled as a CA put is: counted, refused for a read-only record,
     * applied at once (or after the async delay for {@code ASYNC}), a readback follows its setpoint, and never
     * answered while {@link #setUnresponsive unresponsive}.
     *
     * @return completes when the put has been applied; fails when it is refused
     */
    public CompletableFuture<Void> put(String pvName, Object value) {
        SimProcessVariable pv = pv(pvName);
        pv.countWrite();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (pv.writePolicy() == WritePolicy.READ_ONLY) {
            done.completeExceptionally(new IllegalStateException(pvName + " is read-only"));
            return done;
        }
        Object nativeValue = ValueConversions.toNative(pv.getType(), value, pv.metadata().enumLabels());
        CAStatus now = putHandling.handleWrite(pv, nativeValue, new ProcessVariableWriteCallback() {
            @Override
            public void processVariableWriteCompleted(CAStatus status) {
                done.complete(null);
            }

            @Override
            public void canceled() {
                done.completeExceptionally(new IllegalStateException("put to " + pvName + " cancelled"));
            }
        });
        if (now != null) {
            done.complete(null);
        }
        return done;
    }

    /** While true, CA puts are neither applied nor answered: put-callbacks never complete. */
    public void setUnresponsive(boolean unresponsive) {
        putHandling.setUnresponsive(unresponsive);
    }

    private SimProcessVariable pv(String pvName) {
        SimProcessVariable pv = catalog.byName().get(pvName);
        if (pv == null) {
            throw new IllegalArgumentException("no such PV: " + pvName);
        }
        return pv;
    }
}
