package io.pvstream.ingest.ca;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.aps.jca.CAException;
import gov.aps.jca.Channel;
import gov.aps.jca.Context;
import gov.aps.jca.Monitor;
import gov.aps.jca.dbr.DBRType;
import io.pvstream.ingest.ca.MetaConverter.ChannelFacts;

/**
 * Channel creation and monitor subscription, called on the control thread only. Every call just
 * queues CA requests; the caller flushes them (one flushIO per batch of work).
 *
 * <p>Metadata: one {@code DBR_CTRL_<type>} monitor with the DBE_PROPERTY mask per PV, rather than
 * a CTRL get on connect plus a property monitor. A server sends the current state as the first
 * event of every new subscription, and CAJ re-subscribes existing monitors by itself on every
 * reconnect, so this one subscription yields the on-connect read after each (re)connect and every
 * later property change, with no extra request and no ordering problem between a get and a
 * monitor. It is subscribed with element count 1: units, limits and labels do not depend on the
 * element count, and a large waveform's CTRL event then stays small. It is subscribed before the
 * value monitor, so on one TCP connection an ENUM's labels arrive before its first value.
 */
final class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    private final Context context;
    private final int maxArrayBytes;

    Subscriber(Context context, int maxArrayBytes) {
        this.context = context;
        this.maxArrayBytes = maxArrayBytes;
    }

    /** @return whether a channel was created (and requests await a flush) */
    boolean createChannel(PvChannel pv) {
        try {
            Channel channel = context.createChannel(pv.name, pv);
            channel.addAccessRightsListener(pv);
            pv.channel = channel;
            return true;
        } catch (CAException | RuntimeException e) {
            log.error("PV {}: cannot create channel: {}", pv.name, e.toString());
            return false;
        }
    }

    /**
     * Makes the PV's monitors match its channel's native type, count and the wanted mask. CAJ
     * keeps monitors across reconnects, so this only subscribes on the first connect or when the
     * IOC now serves a different type or count (or the mask changed).
     *
     * @return whether requests await a flush
     */
    boolean subscribe(PvChannel pv) {
        Channel channel = pv.channel;
        if (channel == null || pv.isClosed()) {
            return false;
        }
        try {
            DBRType type = channel.getFieldType();
            int count = channel.getElementCount();
            pv.setFacts(new ChannelFacts(type, count, channel.getReadAccess(), channel.getWriteAccess()));
            boolean typeChanged = !type.equals(pv.subscribedType) || count != pv.subscribedCount;
            if (typeChanged) {
                clearMonitors(pv);
                pv.metaMonitor = channel.addMonitor(CaTypes.ctrlTypeOf(type), 1, Monitor.PROPERTY, pv::metaChanged);
                pv.subscribedType = type;
                pv.subscribedCount = count;
            }
            if (typeChanged || pv.subscribedMask != pv.valueMask()) {
                clear(pv.valueMonitor);
                pv.valueMonitor = null;
                subscribeValue(pv, channel, type, count);
            }
            return true;
        } catch (CAException | RuntimeException e) {
            // typically disconnected again meanwhile; the next connect event retries
            log.warn("PV {}: cannot subscribe: {}", pv.name, e.toString());
            return false;
        }
    }

    private void subscribeValue(PvChannel pv, Channel channel, DBRType type, int count) throws CAException {
        long payload = CaTypes.timePayloadBytes(type, count);
        if (payload > maxArrayBytes) {
            // The PV alone is left out: its neighbours, and its metadata and connection, go on.
            pv.setValueError(oversizeError(count, type, payload));
            if (!pv.oversizeLogged) {
                pv.oversizeLogged = true;
                log.error("PV {}: {}. Raise ca.max.array.bytes (and the IOC's EPICS_CA_MAX_ARRAY_BYTES) to monitor it.",
                        pv.name, pv.valueError());
            }
            return;
        }
        int mask = pv.valueMask();
        pv.valueMonitor = channel.addMonitor(CaTypes.timeTypeOf(type), count, mask, pv::valueChanged);
        pv.subscribedMask = mask;
        pv.setValueError(null);
    }

    /** The per-PV error of a waveform too large for this client. */
    private String oversizeError(int count, DBRType type, long payload) {
        return "waveform too large: " + count + " elements of " + type.getName() + " need up to " + payload
                + " bytes per update, more than ca.max.array.bytes=" + maxArrayBytes + "; its value is not monitored";
    }

    private static void clearMonitors(PvChannel pv) {
        clear(pv.metaMonitor);
        clear(pv.valueMonitor);
        pv.metaMonitor = null;
        pv.valueMonitor = null;
        pv.subscribedMask = 0;
    }

    private static void clear(Monitor monitor) {
        if (monitor == null) {
            return;
        }
        try {
            monitor.clear();
        } catch (CAException | RuntimeException e) {
            log.debug("monitor clear failed: {}", e.toString());
        }
    }

    /**
     * Destroys the PV's channel (which also ends its monitors on the server).
     *
     * @return whether a clear request awaits a flush
     */
    static boolean destroy(PvChannel pv) {
        Channel channel = pv.channel;
        pv.channel = null;
        if (channel == null) {
            return false;
        }
        clearMonitors(pv);
        try {
            channel.destroy();
        } catch (CAException | RuntimeException e) {
            log.debug("PV {}: channel destroy failed: {}", pv.name, e.toString());
        }
        return true;
    }
}
