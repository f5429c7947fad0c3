package io.pvstream.ingest.pva;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.epics.pva.client.ClientChannelListener;
import org.epics.pva.client.ClientChannelState;
import org.epics.pva.client.MonitorListener;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.data.PVAArray;
import org.epics.pva.data.PVAStructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.aps.jca.Channel;
import gov.aps.jca.dbr.DBRType;
import io.pvstream.ingest.PvRecordSink;
import io.pvstream.ingest.WallClock;
import io.pvstream.ingest.ca.MonitoredChannel;
import io.pvstream.ingest.write.PutTarget;
import io.pvstream.ingest.write.PutValue;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.schemas.avro.PvValue;

/**
 * One PV monitored over pvAccess: its channel, its subscription and the core-pva callbacks that feed the sink with
 * the same records a CA PV gives. The monitor callback converts at once (core-pva reuses the structure) and never
 * blocks; connection changes go to the control executor, which alone subscribes. The write side puts on it.
 */
final class PvaPv implements ClientChannelListener, MonitorListener, MonitoredChannel, PutTarget {

    private static final Logger log = LoggerFactory.getLogger(PvaPv.class);
    /** The fields of the NT types we map; QSRV sends only these. */
    static final String REQUEST = "field(value,alarm,timeStamp,display,control,valueAlarm)";

    final String name;
    final String channelName;
    private final String instance;
    private final PvRecordSink sink;
    private final LongAdder updatesReceived;
    private final Executor control;
    private final List<Consumer<Object>> valueWatchers = new CopyOnWriteArrayList<>();

    volatile PVAChannel channel;
    private volatile AutoCloseable subscription; // the control executor's (close() runs there too)
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile String server;
    private volatile String valueError;
    private volatile PvMeta meta;
    private volatile Object latestValue;
    private volatile boolean conversionErrorLogged;
    /** Whether the value field is an array (NTScalarArray): a put of one element must still write an array. */
    private volatile boolean arrayField;
    /** Fields whose change may change the metadata ({@link NtMeta#metaFields}); from the first update on. */
    private volatile BitSet metaFields;

    PvaPv(String name, String channelName, String instance, PvRecordSink sink, LongAdder updatesReceived,
          Executor control) {
        this.name = name;
        this.channelName = channelName;
        this.instance = instance;
        this.sink = sink;
        this.updatesReceived = updatesReceived;
        this.control = control;
    }

    /**
     * On a core-pva thread. The control thread acts on the channel's state as it is when it gets there, not as the
     * event said: a connection lost and found again before it got there must end with one live subscription.
     */
    @Override
    public void channelStateChanged(PVAChannel changed, ClientChannelState state) {
        if (!closed) {
            control.execute(() -> stateChanged(changed));
        }
    }

    private void stateChanged(PVAChannel changed) {
        if (closed) {
            return;
        }
        if (changed.getState() == ClientChannelState.CONNECTED) {
            connected(changed);
        } else if (connected) {
            disconnected();
        }
    }

    /**
     * (Re)subscribes: core-pva drops a channel's subscriptions when its connection is lost, so every connect needs
     * a new one, and the one of an earlier connect is closed first, so that no two ever feed the PV.
     */
    private void connected(PVAChannel changed) {
        closeSubscription();
        String address = changed.getRemoteAddress();
        boolean news = !connected || (address != null && !address.equals(server));
        connected = true;
        server = address != null ? address : server;
        if (news) {
            valueError = null;
            publishConnection(true);
        }
        try {
            subscription = changed.subscribe(REQUEST, this);
        } catch (Exception e) {
            valueError = "cannot subscribe over pvAccess: " + e.getMessage();
            publishConnection(true);
        }
    }

    private void disconnected() {
        connected = false;
        closeSubscription();
        publishConnection(false);
    }

    private void closeSubscription() {
        AutoCloseable s = subscription;
        subscription = null;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                log.debug("closing a subscription of {}: {}", name, e.toString());
            }
        }
    }

    private void publishConnection(boolean isConnected) {
        sink.connection(PvConnection.newBuilder().setName(name).setConnected(isConnected).setServer(server)
                .setSinceNs(WallClock.nowNanos()).setInstance(instance).setError(isConnected ? valueError : null)
                .build());
    }

    /** The monitor callback, on a core-pva thread: convert (copying out of the reused structure) and hand on. */
    @Override
    public void handleMonitor(PVAChannel source, BitSet changes, BitSet overruns,
                              PVAStructure data) {
        if (closed || data == null) {
            return;
        }
        String unmapped = NtValues.unmappedReason(data);
        if (unmapped != null) {
            if (!unmapped.equals(valueError)) {
                valueError = unmapped;
                publishConnection(true);
            }
            return;
        }
        PvValue value;
        PvMeta newMeta = null;
        try {
            value = NtValues.toPvValue(name, data);
            if (meta == null || metaFields == null || changes == null || changes.intersects(metaFields)) {
                newMeta = NtMeta.toPvMeta(name, data, value.getValue(), source.isWritable());
            }
        } catch (RuntimeException e) {
            logConversionErrorOnce(data, e);
            return;
        }
        updatesReceived.increment();
        if (metaFields == null) {
            metaFields = NtMeta.metaFields(data);
            arrayField = data.get("value") instanceof PVAArray;
        }
        if (newMeta != null && !newMeta.equals(meta)) { // before the value: metadata first, as over CA
            meta = newMeta;
            sink.meta(newMeta);
        }
        latestValue = value.getValue();
        for (Consumer<Object> watcher : valueWatchers) {
            watcher.accept(value.getValue());
        }
        sink.value(value);
    }

    private void logConversionErrorOnce(PVAStructure data, RuntimeException e) {
        if (!conversionErrorLogged) {
            conversionErrorLogged = true;
            log.error("PV {}: cannot convert a pvAccess update of type {} (logged once per PV)", name,
                    data.getStructureName(), e);
        }
    }

    /** After this no callback publishes anything; the subscription and channel close on the control executor. */
    void close() {
        closed = true;
        closeSubscription();
        PVAChannel c = channel;
        if (c != null) {
            c.close();
        }
    }

    String valueError() {
        return valueError;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public String server() {
        return server;
    }

    @Override
    public PvProtocol protocol() {
        return PvProtocol.PVA;
    }

    /** No CA channel: the write side puts through {@link PutTarget}. */
    @Override
    public Channel channel() {
        return null;
    }

    @Override
    public Facts facts() {
        PvMeta current = meta;
        if (!connected || current == null) {
            return null;
        }
        return new Facts(caTypeOf(current.getType()), current.getCount(), current.getEnumLabels(),
                current.getControlLow(), current.getControlHigh());
    }

    private static DBRType caTypeOf(DbrType type) {
        return switch (type) {
            case STRING -> DBRType.STRING;
            case SHORT -> DBRType.SHORT;
            case FLOAT -> DBRType.FLOAT;
            case ENUM -> DBRType.ENUM;
            case CHAR -> DBRType.BYTE;
            case LONG -> DBRType.INT;
            case DOUBLE -> DBRType.DOUBLE;
        };
    }

    @Override
    public Object latestValue() {
        return latestValue;
    }

    @Override
    public Runnable watchValues(Consumer<Object> listener) {
        valueWatchers.add(listener);
        return () -> valueWatchers.remove(listener);
    }

    @Override
    public boolean writeAccess() {
        PVAChannel c = channel;
        if (c == null || !c.isConnected()) {
            throw new IllegalStateException("disconnected");
        }
        return c.isWritable();
    }

    /** A put with completion: QSRV processes the record and answers when it is done (put-callback over CA). */
    @Override
    public void put(PutValue value, Consumer<Outcome> done) throws Exception {
        PVAChannel c = channel;
        if (c == null) {
            throw new IllegalStateException("no channel");
        }
        PvaPutValue put = PvaPutValue.of(value, arrayField);
        c.write(true, put.request(), put.value()).whenComplete((ignored, error) -> done.accept(error == null
                ? Outcome.DONE
                : new Outcome("put failed: " + rootMessage(error), !c.isConnected())));
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
