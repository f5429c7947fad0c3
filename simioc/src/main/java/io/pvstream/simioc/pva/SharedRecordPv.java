package io.pvstream.simioc.pva;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.epics.pva.data.PVAByte;
import org.epics.pva.data.PVAByteArray;
import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVADoubleArray;
import org.epics.pva.data.PVAFloat;
import org.epics.pva.data.PVAFloatArray;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAIntArray;
import org.epics.pva.data.PVANumber;
import org.epics.pva.data.PVAShort;
import org.epics.pva.data.PVAShortArray;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAEnum;
import org.epics.pva.data.nt.PVATimeStamp;
import org.epics.pva.server.PVAServer;
import org.epics.pva.server.ServerPV;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.simioc.PvMetadata;
import io.pvstream.simioc.RecordShape;
import io.pvstream.simioc.RecordState;
import io.pvstream.simioc.SimulatedIoc;

/**
 * One record of a CA {@link SimulatedIoc} served over pvAccess too, under the same name, as QSRV serves a record of
 * a real IOC over both protocols: the pvAccess PV is a view of the one record, not a copy that could drift. Every
 * change of the record (value, alarm, timestamp) is posted as it happens, and a pvAccess put is a put to the
 * record ({@link SimulatedIoc#put}), so a put over either protocol is seen on both.
 *
 * <p>Shapes: an ENUM record is an NTEnum, a string an NTScalar (NTScalarArray) of string, a number an NTScalar
 * (NTScalarArray) of its own type with display, control and valueAlarm from the record's metadata.
 */
final class SharedRecordPv implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedRecordPv.class);
    /** A pvAccess put waits this long for an unresponsive or asynchronous record (core-pva answers on return). */
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(30);

    private final SimulatedIoc ioc;
    private final String name;
    private final RecordShape shape;
    private final PVAServer server;
    private ServerPV pv;
    private Runnable unwatch;
    private boolean closed;

    private SharedRecordPv(PVAServer server, SimulatedIoc ioc, String name) {
        this.server = server;
        this.ioc = ioc;
        this.name = name;
        this.shape = ioc.shape(name);
    }

    /** Serves {@code name} of {@code ioc} on {@code server} from now on. */
    static SharedRecordPv serve(PVAServer server, SimulatedIoc ioc, String name) {
        SharedRecordPv shared = new SharedRecordPv(server, ioc, name);
        Runnable unwatch = ioc.watch(name, shared::post); // the first call (the state now) creates the PV
        synchronized (shared) {
            shared.unwatch = unwatch;
        }
        return shared;
    }

    /**
     * Called in order, under the record's lock. A failure is logged, never thrown: it would fail the CA side's
     * change (a put, the simulation loop) for a pvAccess client's sake.
     */
    private synchronized void post(RecordState state) {
        if (closed) {
            return;
        }
        PVAStructure structure = structure(state);
        if (pv == null) {
            pv = shape.writable() ? server.createPV(name, structure, (tcp, served, changes, written) -> put(written))
                    : server.createPV(name, structure);
            return;
        }
        try {
            pv.update(structure);
        } catch (Exception e) {
            log.warn("cannot post {} over pvAccess: {}", name, e.toString());
        }
    }

    /** A client's put: the record takes it as a CA put; refused or not applied in time is an error to the client. */
    private void put(PVAStructure written) throws Exception {
        try {
            ioc.put(name, plain(written.get("value"))).get(PUT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private PVAStructure structure(RecordState state) {
        PvMetadata meta = shape.metadata();
        if (shape.type().isENUM()) {
            return new PVAStructure("", NtStructures.NT_ENUM,
                    new PVAEnum("value", ((Number) state.value()).intValue(), meta.enumLabels().toArray(String[]::new)),
                    QsrvAlarms.of(state.alarm()), new PVATimeStamp(state.timestamp()));
        }
        String type = shape.array() ? NtStructures.NT_SCALAR_ARRAY : NtStructures.NT_SCALAR;
        PVAData value = valueField(state.value());
        if (shape.type().isSTRING()) {
            return new PVAStructure("", type, value, QsrvAlarms.of(state.alarm()), new PVATimeStamp(state.timestamp()));
        }
        NtStructures.Limits limits = new NtStructures.Limits(meta.lowerDisplay(), meta.upperDisplay(), meta.lolo(),
                meta.low(), meta.high(), meta.hihi(), meta.units(), meta.precision());
        return NtStructures.numeric(type, value, QsrvAlarms.of(state.alarm()), state.timestamp(), limits,
                meta.lowerControl(), meta.upperControl());
    }

    /** The value field of the record's type, as QSRV maps the DBF type (DBF_LONG → int, DBF_CHAR → byte). */
    private static PVAData valueField(Object value) {
        if (value instanceof double[] d) {
            return new PVADoubleArray("value", d);
        } else if (value instanceof float[] f) {
            return new PVAFloatArray("value", f);
        } else if (value instanceof int[] i) {
            return new PVAIntArray("value", false, i);
        } else if (value instanceof short[] s) {
            return new PVAShortArray("value", false, s);
        } else if (value instanceof byte[] b) {
            return new PVAByteArray("value", false, b);
        } else if (value instanceof String[] s) {
            return new PVAStringArray("value", s);
        } else if (value instanceof Double d) {
            return new PVADouble("value", d);
        } else if (value instanceof Float f) {
            return new PVAFloat("value", f);
        } else if (value instanceof Integer i) {
            return new PVAInt("value", i);
        } else if (value instanceof Short s) {
            return new PVAShort("value", false, s);
        } else if (value instanceof Byte b) {
            return new PVAByte("value", false, b);
        } else if (value instanceof String s) {
            return new PVAString("value", s);
        }
        throw new IllegalArgumentException("no pvAccess type for " + value.getClass());
    }

    /** What a client wrote into the value field, as {@link SimulatedIoc#put} takes it. */
    private static Object plain(PVAData value) {
        if (value instanceof PVAStructure enumT) {
            return ((PVANumber) enumT.get("index")).getNumber();
        } else if (value instanceof PVANumber n) {
            return n.getNumber();
        } else if (value instanceof PVAString s) {
            return s.get();
        } else if (value instanceof PVADoubleArray d) {
            return d.get();
        } else if (value instanceof PVAFloatArray f) {
            return f.get();
        } else if (value instanceof PVAIntArray i) {
            return i.get();
        } else if (value instanceof PVAShortArray s) {
            return s.get();
        } else if (value instanceof PVAByteArray b) {
            return b.get();
        } else if (value instanceof PVAStringArray s) {
            return s.get();
        }
        throw new IllegalArgumentException("cannot write a " + value.getType() + " value");
    }

    /**
     * Stops following the record (which lives on over CA) and closes the pvAccess PV. Outside this object's lock:
     * {@link #post} takes it under the record's lock, which stopping takes too.
     */
    @Override
    public void close() {
        Runnable stop;
        ServerPV served;
        synchronized (this) {
            closed = true;
            stop = unwatch;
            served = pv;
        }
        if (stop != null) {
            stop.run();
        }
        if (served != null) {
            served.close();
        }
    }
}
