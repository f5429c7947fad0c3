package io.pvstream.simioc;

import com.cosylab.epics.caj.cas.handlers.AbstractCASResponseHandler;
import gov.aps.jca.CAException;
import gov.aps.jca.CAStatus;
import gov.aps.jca.Monitor;
import gov.aps.jca.cas.ProcessVariable;
import gov.aps.jca.cas.ProcessVariableEventCallback;
import gov.aps.jca.cas.ProcessVariableReadCallback;
import gov.aps.jca.cas.ProcessVariableWriteCallback;
import gov.aps.jca.cas.ServerChannel;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.STS;
import gov.aps.jca.dbr.TIME;
import gov.aps.jca.dbr.TimeStamp;

import java.lang.reflect.Array;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One server-side PV of the simulated IOC, of any native DBR type (scalar or array).
 *
 * <p>Unlike CAJ's {@code MemoryProcessVariable}, which answers INVALID/UDF, it carries a real alarm
 * state (NO_ALARM from the start, or derived from the alarm limits on every value change) and fills
 * status, severity, timestamp and all GR/CTRL metadata into every read and every monitor event.
 *
 * <p>Thread safety: CAJ reads from its network threads while the scheduler and test hooks write;
 * all state is guarded by {@code this}. Events are posted while holding the lock so two updates of
 * one PV can never reach a monitor out of order; posting only queues (CAJ sends on its own threads).
 */
final class SimProcessVariable extends ProcessVariable {

    /** Seconds between 1970-01-01 and the EPICS epoch 1990-01-01. */
    private static final long EPICS_EPOCH_OFFSET_SECONDS = 631_152_000L;
    /** CAJ picks the DBR family from the requested type: any value at or above 28 means CTRL. */
    private static final short DBR_CTRL_OFFSET = 28;

    private final DBRType type;
    private final PvMetadata metadata;
    private final boolean array;
    private final WritePolicy writePolicy;
    private final String[] enumLabels;
    private volatile WriteHandler writeHandler;
    /** Other protocols serving this record (pvAccess); empty unless asked for, so the hot path stays free. */
    private volatile List<Consumer<RecordState>> watchers = List.of();

    private Object value;
    private TimeStamp timestamp;
    private AlarmState alarm;
    private long writeCount;
    /** Incremented on every change; lets {@link #catchUp} see a change since a monitor's first read. */
    private long version;
    private final ThreadLocal<Long> versionLastReadOnThisThread = new ThreadLocal<>();

    SimProcessVariable(String name, DBRType type, Object initialValue, boolean array,
                       PvMetadata metadata, WritePolicy writePolicy) {
        super(name, null);
        this.type = type;
        this.metadata = metadata;
        this.array = array;
        this.writePolicy = writePolicy;
        this.enumLabels = metadata.enumLabels().isEmpty() ? null : metadata.enumLabels().toArray(String[]::new);
        this.value = ValueConversions.toNative(type, initialValue, metadata.enumLabels());
        this.timestamp = now();
        this.alarm = deriveAlarm(AlarmState.NO_ALARM);
        setEventCallback(new CatchUpEventDispatcher(this));
    }

    void setWriteHandler(WriteHandler writeHandler) {
        this.writeHandler = writeHandler;
    }

    PvMetadata metadata() {
        return metadata;
    }

    WritePolicy writePolicy() {
        return writePolicy;
    }

    @Override
    public DBRType getType() {
        return type;
    }

    @Override
    public synchronized int getDimensionSize(int dimension) {
        return dimension == 0 ? Array.getLength(value) : 0;
    }

    @Override
    public String[] getEnumLabels() {
        return enumLabels;
    }

    /** A read-only PV hands out channels without write access, so clients see writeAccess=false. */
    @Override
    public ServerChannel createChannel(int cid, int sid, String userName, String hostName)
            throws CAException {
        if (writePolicy != WritePolicy.READ_ONLY) {
            return super.createChannel(cid, sid, userName, hostName);
        }
        return new ServerChannel(this, cid, sid, userName, hostName) {
            @Override
            public boolean writeAccess() {
                return false;
            }
        };
    }

    @Override
    public synchronized CAStatus read(DBR dbr, ProcessVariableReadCallback callback) throws CAException {
        fill(dbr);
        versionLastReadOnThisThread.set(version);
        return CAStatus.NORMAL;
    }

    /**
     * Called by CAJ (through the dispatcher) on the thread that has just read the initial value
     * for a new monitor: if the PV changed since that read, the monitor gets the current state.
     */
    synchronized void catchUp(ProcessVariableEventCallback newMonitor) {
        Long versionRead = versionLastReadOnThisThread.get();
        versionLastReadOnThisThread.remove();
        if (versionRead != null && versionRead != version) {
            newMonitor.postEvent(Monitor.VALUE | Monitor.LOG | Monitor.ALARM, newEventDbr());
        }
    }

    @Override
    public CAStatus write(DBR dbr, ProcessVariableWriteCallback callback) throws CAException {
        countWrite();
        WriteHandler handler = writeHandler;
        if (writePolicy == WritePolicy.READ_ONLY || handler == null) {
            return CAStatus.NOWTACCESS;
        }
        return handler.handleWrite(this, dbr.getValue(), callback);
    }

    /**
     * Sets a new native value (array of this PV's type) with a fresh timestamp and posts it. The PV
     * keeps a copy: callers (a put's DBR, a readback sharing its setpoint's value) keep theirs.
     */
    synchronized void update(Object nativeValue) {
        int length = Array.getLength(nativeValue);
        Object copy = Array.newInstance(nativeValue.getClass().getComponentType(), length);
        System.arraycopy(nativeValue, 0, copy, 0, length);
        value = copy;
        changed();
    }

    /** Fast path of the simulation loop: no conversion and no allocation unless someone monitors. */
    synchronized void updateScalar(double newValue) {
        if (value instanceof double[] doubles && doubles.length == 1) {
            doubles[0] = newValue;
            changed();
        } else {
            update(ValueConversions.toNative(type, newValue, metadata.enumLabels()));
        }
    }

    /** Must hold the lock. A new value: new timestamp, alarm re-derived, event posted. */
    private void changed() {
        timestamp = now();
        version++;
        AlarmState previous = alarm;
        alarm = deriveAlarm(alarm);
        postEvent(previous.equals(alarm) ? Monitor.VALUE | Monitor.LOG
                : Monitor.VALUE | Monitor.LOG | Monitor.ALARM);
        tellWatchers();
    }

    /** Overrides the alarm until the next value change re-derives it (for PVs with alarm limits). */
    synchronized void setAlarm(AlarmState newAlarm) {
        alarm = newAlarm;
        timestamp = now();
        version++;
        postEvent(Monitor.VALUE | Monitor.LOG | Monitor.ALARM);
        tellWatchers();
    }

    /**
     * Calls {@code watcher} with the state now and after every change, in order, holding this PV's lock: a watcher
     * sees the changes one by one as CA monitors do, and must not block or call back into this PV.
     *
     * @return stops the calls
     */
    synchronized Runnable watch(Consumer<RecordState> watcher) {
        List<Consumer<RecordState>> more = new ArrayList<>(watchers);
        more.add(watcher);
        watchers = List.copyOf(more);
        watcher.accept(state());
        return () -> unwatch(watcher);
    }

    private synchronized void unwatch(Consumer<RecordState> watcher) {
        List<Consumer<RecordState>> fewer = new ArrayList<>(watchers);
        fewer.remove(watcher);
        watchers = List.copyOf(fewer);
    }

    /** A put from any protocol reached this PV (counted whether applied or refused). */
    synchronized void countWrite() {
        writeCount++;
    }

    boolean isArray() {
        return array;
    }

    synchronized Object publicValue() {
        return ValueConversions.toPublic(value, array);
    }

    synchronized AlarmState alarm() {
        return alarm;
    }

    synchronized long writeCount() {
        return writeCount;
    }

    private AlarmState deriveAlarm(AlarmState current) {
        if (!metadata.hasAlarmLimits()) {
            return current;
        }
        return metadata.alarmFor(ValueConversions.firstAsDouble(value));
    }

    /** Must hold the lock. */
    private void tellWatchers() {
        List<Consumer<RecordState>> current = watchers;
        if (!current.isEmpty()) {
            RecordState state = state();
            current.forEach(watcher -> watcher.accept(state));
        }
    }

    /** Must hold the lock. */
    private RecordState state() {
        Instant time = Instant.ofEpochSecond(timestamp.secPastEpoch() + EPICS_EPOCH_OFFSET_SECONDS,
                timestamp.nsec());
        return new RecordState(ValueConversions.toPublic(value, array), time, alarm);
    }

    /** Must hold the lock. Skips all work while no client monitors this PV. */
    private void postEvent(int mask) {
        ProcessVariableEventCallback callback = eventCallback;
        if (!interest || callback == null) {
            return;
        }
        callback.postEvent(mask, newEventDbr());
    }

    /** Must hold the lock. */
    private DBR newEventDbr() {
        if (value instanceof double[] doubles) {
            // The hot path of the simulation; see TimeDoubleEvent for why not CTRL.
            TimeDoubleEvent event = new TimeDoubleEvent(doubles.clone(), metadata);
            event.setSeverity(alarm.severity());
            event.setStatus(alarm.status());
            event.setTimeStamp(timestamp);
            return event;
        }
        // Other types change rarely: CTRL carries everything, CAJ converts it per monitor.
        DBR event = AbstractCASResponseHandler.createDBRforReading(this, DBR_CTRL_OFFSET, Array.getLength(value));
        fill(event);
        return event;
    }

    /** Must hold the lock. CAJ always hands us at least a TIME DBR of our native type. */
    private void fill(DBR dbr) {
        DbrMetadata.fill(dbr, metadata, enumLabels);
        if (dbr.isSTS()) {
            ((STS) dbr).setSeverity(alarm.severity());
            ((STS) dbr).setStatus(alarm.status());
        }
        if (dbr.isTIME()) {
            ((TIME) dbr).setTimeStamp(timestamp);
        }
        int count = Math.min(Array.getLength(value), dbr.getCount());
        System.arraycopy(value, 0, dbr.getValue(), 0, count);
    }

    private static TimeStamp now() {
        Instant now = Instant.now();
        return new TimeStamp(now.getEpochSecond() - EPICS_EPOCH_OFFSET_SECONDS, now.getNano());
    }
}
