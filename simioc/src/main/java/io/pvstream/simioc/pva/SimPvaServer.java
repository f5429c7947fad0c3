package io.pvstream.simioc.pva;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVATimeStamp;
import org.epics.pva.server.PVAServer;
import org.epics.pva.server.ServerPV;

import io.pvstream.simioc.SimulatedIoc;

/**
 * A simulated EPICS 7 IOC over pvAccess (core-pva's {@code PVAServer}), for tests and {@code ./pvstream dev}. PVs,
 * with the prefix (default {@code PVA:}): {@code DOUBLE} (NTScalar double, units mA, precision 3, limits ±100,
 * read-only), {@code LONG} (NTScalar int), {@code ENUM} (NTEnum Off/On/Fault), {@code STRING}, {@code WAVE}
 * (NTScalarArray double[8]), {@code SP}/{@code RB} (a setpoint and the readback that follows it), and
 * {@code TABLE} (an NTTable, which the ingest reports as unmapped) and {@code AI} (metadata as the CA simulated
 * IOC's moving PVs: mA, precision 3, 0..100, alarm limits 5/10/90/95). DOUBLE, RB, TABLE and AI are read-only; a
 * write to the others completes once applied.
 *
 * <p>It can also serve records of a CA {@link SimulatedIoc} under their own names ({@link #serveRecordsOf}): one
 * record over both protocols, as an EPICS 7 IOC with QSRV does.
 *
 * <p>The server answers searches on UDP {@code EPICS_PVAS_BROADCAST_PORT} (5076) on loopback and serves on the TCP
 * port {@link #tcpPort()} reports: core-pva moves to another one quietly if 5075 is taken. It sends no beacons, so
 * a client should start after it (or wait out its search back-off).
 */
public final class SimPvaServer implements AutoCloseable {

    public static final String DEFAULT_PREFIX = "PVA:";
    private static final NtStructures.Limits LIMITS = new NtStructures.Limits(-100, 100, -90, Double.NaN, Double.NaN,
            90, "mA", 3);
    /** As the CA simulated IOC's moving PVs ({@code SIM:PVnnnnn}) have it, so the two can be compared. */
    private static final NtStructures.Limits CA_SIM_LIMITS = new NtStructures.Limits(0, 100, 5, 10, 90, 95, "mA", 3);

    private final String prefix;
    private final PVAServer server;
    private final Map<String, PVAStructure> data = new LinkedHashMap<>();
    private final Map<String, ServerPV> pvs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();
    private final List<SharedRecordPv> sharedRecords = new ArrayList<>();
    private final ScheduledExecutorService readbacks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simioc-pva-readback");
        t.setDaemon(true);
        return t;
    });
    private final Duration readbackLag;

    private SimPvaServer(String prefix, Duration readbackLag) throws Exception {
        PvaServerSettings.applyDefaults();
        this.prefix = prefix;
        this.readbackLag = readbackLag;
        this.server = new PVAServer();
        serve("DOUBLE", NtStructures.numeric(NtStructures.NT_SCALAR, new PVADouble("value", 1.5), LIMITS), false);
        serve("LONG", NtStructures.numeric(NtStructures.NT_SCALAR, new PVAInt("value", 7), LIMITS), true);
        serve("ENUM", NtStructures.enumerated(1, "Off", "On", "Fault"), true);
        serve("STRING", NtStructures.string("hello"), true);
        serve("WAVE", NtStructures.doubleArray(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, LIMITS), true);
        serve("SP", NtStructures.numeric(NtStructures.NT_SCALAR, new PVADouble("value", 0), LIMITS), true);
        serve("RB", NtStructures.numeric(NtStructures.NT_SCALAR, new PVADouble("value", 0), LIMITS), false);
        serve("TABLE", NtStructures.table(), false);
        serve("AI", NtStructures.numeric(NtStructures.NT_SCALAR, new PVADouble("value", 50), CA_SIM_LIMITS), false);
    }

    /** Starts serving at once, prefix {@value #DEFAULT_PREFIX}, readback lag 50 ms. */
    public static SimPvaServer start() {
        return start(DEFAULT_PREFIX, Duration.ofMillis(50));
    }

    public static SimPvaServer start(String prefix, Duration readbackLag) {
        try {
            return new SimPvaServer(prefix, readbackLag);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the pvAccess server: " + e.getMessage(), e);
        }
    }

    private void serve(String suffix, PVAStructure initial, boolean writable) {
        String name = prefix + suffix;
        data.put(name, initial);
        writes.put(name, new AtomicLong());
        ServerPV pv = writable
                ? server.createPV(name, initial, (tcp, served, changes, written) -> wrote(name, written))
                : server.createPV(name, initial);
        pvs.put(name, pv);
    }

    /**
     * Serves these records of the CA IOC {@code ioc} over pvAccess too, under the same names: a put over either
     * protocol is seen on both, with the same alarm, units, limits and timestamp ({@link SharedRecordPv}).
     */
    public void serveRecordsOf(SimulatedIoc ioc, Collection<String> names) {
        for (String name : names) {
            if (data.containsKey(name)) {
                throw new IllegalArgumentException(name + " is already served over pvAccess");
            }
            SharedRecordPv shared = SharedRecordPv.serve(server, ioc, name);
            synchronized (sharedRecords) {
                sharedRecords.add(shared);
            }
        }
    }

    /** The TCP port clients connect to (the one core-pva really bound). */
    public int tcpPort() {
        return server.getTCPAddress(false).getPort();
    }

    public String prefix() {
        return prefix;
    }

    /** Every PV name served, in the order of the class comment. */
    public List<String> pvNames() {
        synchronized (data) {
            return List.copyOf(data.keySet());
        }
    }

    /** Puts that reached {@code name} (applied). */
    public long writeCount(String name) {
        return writes.get(name).get();
    }

    /**
     * Sets the value as if the record processed: {@code value} is what the value field accepts (a Number, a String,
     * an enum index or label, a double[]); fresh timestamp; monitors get the update.
     */
    public void set(String name, Object value) {
        update(name, structure -> structure.get("value").setValue(value));
    }

    /**
     * Sets the alarm as QSRV serves it: {@code alarm.status} an NT code (0 none, 1 DEVICE, 2 DRIVER, 3 RECORD, ...)
     * and the CA condition name (HIHI, LOLO, STATE, ...) in {@code alarm.message}.
     */
    public void setAlarm(String name, int severity, int ntStatus, String caCondition) {
        update(name, structure -> setAlarm(structure, severity, ntStatus, caCondition));
    }

    /**
     * One record process: the value and the alarm in one monitor update, as QSRV posts them. Use it rather than
     * {@link #set} then {@link #setAlarm} on one PV: core-pva's server replaces a subscription's pending change set
     * instead of merging it ({@code MonitorSubscription.update}, 5.0.5), so when a second update comes before the
     * first was sent, the client's delta lacks the fields only the first changed, and it keeps their old values.
     */
    public void process(String name, Object value, int severity, int ntStatus, String caCondition) {
        update(name, structure -> {
            structure.get("value").setValue(value);
            setAlarm(structure, severity, ntStatus, caCondition);
        });
    }

    private static void setAlarm(PVAStructure structure, int severity, int ntStatus, String caCondition)
            throws Exception {
        PVAStructure alarm = structure.get("alarm");
        alarm.<PVAInt>get("severity").set(severity);
        alarm.<PVAInt>get("status").set(ntStatus);
        alarm.get("message").setValue(caCondition);
    }

    /** Changes the display units (a metadata change, as a record's EGU written at run time). */
    public void setUnits(String name, String units) {
        update(name, structure -> structure.<PVAStructure>get("display").get("units").setValue(units));
    }

    /** The value field as served now (a copy). */
    public Object value(String name) {
        synchronized (data) {
            return structure(name).get("value").cloneData();
        }
    }

    private interface Change {
        void apply(PVAStructure structure) throws Exception;
    }

    private void update(String name, Change change) {
        synchronized (data) {
            PVAStructure structure = structure(name);
            try {
                change.apply(structure);
                PVATimeStamp.set(structure, Instant.now());
                pvs.get(name).update(structure);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot update " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private PVAStructure structure(String name) {
        PVAStructure structure = data.get(name);
        if (structure == null) {
            throw new IllegalArgumentException("no such PV: " + name);
        }
        return structure;
    }

    /** A client's put: applied before it completes (core-pva answers when this returns); a setpoint moves its readback. */
    private void wrote(String name, PVAStructure written) throws Exception {
        writes.get(name).incrementAndGet();
        update(name, structure -> structure.update(written));
        if (name.equals(prefix + "SP")) {
            Object target = ((PVADouble) written.get("value")).get();
            readbacks.schedule(() -> set(prefix + "RB", target), readbackLag.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        readbacks.shutdownNow();
        synchronized (sharedRecords) {
            sharedRecords.forEach(SharedRecordPv::close);
        }
        pvs.values().forEach(ServerPV::close);
        server.close();
    }
}
