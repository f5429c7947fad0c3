package io.pvstream.ingest.ca;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cosylab.epics.caj.CAJChannel;

import gov.aps.jca.CAStatus;
import gov.aps.jca.Channel;
import gov.aps.jca.Monitor;
import gov.aps.jca.dbr.CTRL;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.event.AccessRightsEvent;
import gov.aps.jca.event.AccessRightsListener;
import gov.aps.jca.event.ConnectionEvent;
import gov.aps.jca.event.ConnectionListener;
import gov.aps.jca.event.MonitorEvent;
import io.pvstream.ingest.PvRecordSink;
import io.pvstream.ingest.WallClock;
import io.pvstream.ingest.ca.MetaConverter.ChannelFacts;

/**
 * One monitored PV: its channel, its two monitors and the CAJ callbacks that feed the sink.
 *
 * <p>Callbacks run on CAJ network threads and must not block: value and metadata events are
 * converted and handed to the (non-blocking) sink right there; connection and access-rights
 * changes go to the control thread, which alone creates channels and subscribes monitors.
 * Fields written by the control thread and read by callbacks are volatile. The write side sees it
 * as a {@link MonitoredChannel}: it puts on the channel and watches the monitored values.
 */
final class PvChannel implements ConnectionListener, AccessRightsListener, MonitoredChannel {

    private static final Logger log = LoggerFactory.getLogger(PvChannel.class);

    final String name;
    private final PvRecordSink sink;
    private final LongAdder updatesReceived;
    private final Consumer<ChannelCommand> control;

    private volatile boolean closed;
    private volatile boolean connected;
    private volatile String server;
    private volatile int valueMask;
    private volatile ChannelFacts facts;
    private volatile List<String> enumLabels = List.of();
    private volatile DBR lastCtrl;
    private volatile boolean conversionErrorLogged;
    /** The latest value update, converted only when asked for: the write side reads it rarely. */
    private volatile DBR latestDbr;
    /** Why the value is not monitored although connected (set by the control thread); null when it is. */
    private volatile String valueError;
    private final List<Consumer<Object>> valueWatchers = new CopyOnWriteArrayList<>();

    // control-thread state: the channel (volatile: writers put on it) and what is subscribed on it
    volatile Channel channel;
    Monitor valueMonitor;
    Monitor metaMonitor;
    DBRType subscribedType;
    int subscribedCount;
    int subscribedMask;
    boolean oversizeLogged;
    /** Created and not yet connected once: counted by the controller's connect back-pressure. */
    boolean awaitingFirstConnect;

    PvChannel(String name, int valueMask, PvRecordSink sink, LongAdder updatesReceived,
              Consumer<ChannelCommand> control) {
        this.name = name;
        this.valueMask = valueMask;
        this.sink = sink;
        this.updatesReceived = updatesReceived;
        this.control = control;
    }

    @Override
    public void connectionChanged(ConnectionEvent event) {
        if (closed) {
            return;
        }
        boolean isConnected = event.isConnected();
        String address = isConnected ? serverAddress(event.getSource()) : null;
        control.accept(new ChannelCommand.ConnectionChange(this, isConnected, address, WallClock.nowNanos()));
    }

    @Override
    public void accessRightsChanged(AccessRightsEvent event) {
        if (closed) {
            return;
        }
        ChannelFacts current = facts;
        boolean changed = current != null && (current.readAccess() != event.getReadAccess()
                || current.writeAccess() != event.getWriteAccess());
        if (changed) {
            facts = new ChannelFacts(current.nativeType(), current.elementCount(),
                    event.getReadAccess(), event.getWriteAccess());
            publishMeta();
        }
    }

    /**
     * DBR_TIME monitor callback, the hot path: it hands the DBR on unconverted (the publish thread encodes it) and
     * converts only for the write side's watchers, which exist while a restore verifies this PV.
     */
    void valueChanged(MonitorEvent event) {
        DBR dbr = event.getDBR();
        if (closed || !usable(event)) {
            return;
        }
        updatesReceived.increment();
        latestDbr = dbr;
        if (!valueWatchers.isEmpty()) {
            Object value = valueOf(dbr);
            if (value != null) {
                for (Consumer<Object> watcher : valueWatchers) {
                    watcher.accept(value);
                }
            }
        }
        sink.value(name, dbr, enumLabels);
    }

    /** The value of an update as published, or null if it cannot be converted (logged once per PV). */
    private Object valueOf(DBR dbr) {
        try {
            return DbrConverter.valueOf(dbr, enumLabels);
        } catch (RuntimeException e) {
            logConversionErrorOnce("value", dbr, e);
            return null;
        }
    }

    /** DBR_CTRL monitor callback: the on-connect read, then every property change. */
    void metaChanged(MonitorEvent event) {
        DBR dbr = event.getDBR();
        if (closed || !usable(event)) {
            return;
        }
        enumLabels = MetaConverter.labelsOf(dbr);
        lastCtrl = dbr;
        publishMeta();
    }

    private static boolean usable(MonitorEvent event) {
        CAStatus status = event.getStatus();
        return event.getDBR() != null && (status == null || status.isSuccessful());
    }

    private void publishMeta() {
        DBR ctrl = lastCtrl;
        ChannelFacts current = facts;
        if (ctrl == null || current == null || closed) {
            return;
        }
        try {
            sink.meta(MetaConverter.toPvMeta(name, ctrl, current));
        } catch (RuntimeException e) {
            logConversionErrorOnce("metadata", ctrl, e);
        }
    }

    private void logConversionErrorOnce(String what, DBR dbr, RuntimeException e) {
        if (!conversionErrorLogged) {
            conversionErrorLogged = true;
            log.error("PV {}: cannot convert {} of type {} (logged once per PV)", name, what, dbr.getType(), e);
        }
    }

    /** host:port of the IOC, without a reverse DNS lookup (this runs on a CAJ network thread). */
    private static String serverAddress(Object source) {
        try {
            if (source instanceof CAJChannel caj && caj.getTransport() != null) {
                InetSocketAddress address = caj.getTransport().getRemoteAddress();
                return address.getAddress().getHostAddress() + ":" + address.getPort();
            }
            return source instanceof Channel channel ? channel.getHostName() : null;
        } catch (RuntimeException e) {
            return null; // disconnected again already; the last known server is kept
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Facts facts() {
        ChannelFacts current = facts;
        DBR ctrl = lastCtrl;
        if (!connected || current == null || ctrl == null) {
            return null;
        }
        Double low = null;
        Double high = null;
        if (ctrl instanceof CTRL c) {
            low = c.getLowerCtrlLimit() == null ? null : c.getLowerCtrlLimit().doubleValue();
            high = c.getUpperCtrlLimit() == null ? null : c.getUpperCtrlLimit().doubleValue();
        }
        return new Facts(current.nativeType(), current.elementCount(), enumLabels, low, high);
    }

    @Override
    public Object latestValue() {
        DBR dbr = latestDbr;
        return dbr == null ? null : valueOf(dbr);
    }

    @Override
    public Runnable watchValues(Consumer<Object> listener) {
        valueWatchers.add(listener);
        return () -> valueWatchers.remove(listener);
    }

    /** After this no callback publishes anything: a stopped or closing PV must not emit stale records. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    void setConnected(boolean connected, String server) {
        this.connected = connected;
        if (server != null) {
            this.server = server;
        }
    }

    @Override
    public String server() {
        return server;
    }

    /** Why the value is not monitored although the channel is connected; null when it is. */
    String valueError() {
        return valueError;
    }

    void setValueError(String error) {
        this.valueError = error;
    }

    int valueMask() {
        return valueMask;
    }

    void setValueMask(int mask) {
        this.valueMask = mask;
    }

    void setFacts(ChannelFacts facts) {
        this.facts = facts;
    }
}
