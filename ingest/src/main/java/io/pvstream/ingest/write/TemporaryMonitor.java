package io.pvstream.ingest.write;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.aps.jca.CAException;
import gov.aps.jca.CAStatus;
import gov.aps.jca.Channel;
import gov.aps.jca.Context;
import gov.aps.jca.Monitor;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.event.ConnectionEvent;
import gov.aps.jca.event.ConnectionListener;
import gov.aps.jca.event.MonitorEvent;
import gov.aps.jca.event.MonitorListener;
import io.pvstream.ingest.ca.CaTypes;
import io.pvstream.ingest.ca.DbrConverter;
import io.pvstream.ingest.ca.MetaConverter;

/**
 * A channel and value monitor of the writer's own on a readback PV this instance does not monitor,
 * for the few seconds of one verification. CA requests are made on the writer thread; CAJ callbacks
 * only hand over (connections) or convert and pass on (values).
 */
final class TemporaryMonitor implements Readbacks.Source, ConnectionListener, MonitorListener {

    private static final Logger log = LoggerFactory.getLogger(TemporaryMonitor.class);

    private final String pv;
    private final Consumer<Object> onValue;
    private final WriterThread thread;
    private final int maxArrayBytes;
    private volatile boolean closed;
    private Channel channel;   // writer thread only
    private Monitor monitor;   // writer thread only

    private TemporaryMonitor(String pv, Consumer<Object> onValue, WriterThread thread, int maxArrayBytes) {
        this.pv = pv;
        this.onValue = onValue;
        this.thread = thread;
        this.maxArrayBytes = maxArrayBytes;
    }

    /** On the writer thread. A PV that cannot be reached just never yields a value. */
    static TemporaryMonitor open(Context context, String pv, Consumer<Object> onValue, WriterThread thread,
                                 int maxArrayBytes) {
        TemporaryMonitor source = new TemporaryMonitor(pv, onValue, thread, maxArrayBytes);
        try {
            source.channel = context.createChannel(pv, source);
            thread.requestFlush();
        } catch (CAException | RuntimeException e) {
            log.warn("readback {}: cannot create a channel: {}", pv, e.toString());
        }
        return source;
    }

    @Override
    public void connectionChanged(ConnectionEvent event) {
        if (event.isConnected() && !closed) {
            thread.post(this::subscribe);
        }
    }

    private void subscribe() {
        if (closed || monitor != null || channel == null || channel.getConnectionState() != Channel.ConnectionState.CONNECTED) {
            return;
        }
        try {
            DBRType type = channel.getFieldType();
            int count = channel.getElementCount();
            if (CaTypes.timePayloadBytes(type, count) > maxArrayBytes) {
                log.warn("readback {}: {} elements exceed ca.max.array.bytes; cannot verify by it", pv, count);
                return;
            }
            // an ENUM's CTRL payload carries its labels, so a readback can match a target given by label
            DBRType request = type.isENUM() ? DBRType.CTRL_ENUM : CaTypes.timeTypeOf(type);
            monitor = channel.addMonitor(request, count, Monitor.VALUE | Monitor.ALARM, this);
            thread.requestFlush();
        } catch (CAException | RuntimeException e) {
            log.debug("readback {}: cannot subscribe: {}", pv, e.toString()); // disconnected again: next connect retries
        }
    }

    @Override
    public void monitorChanged(MonitorEvent event) {
        DBR dbr = event.getDBR();
        CAStatus status = event.getStatus();
        if (closed || dbr == null || (status != null && !status.isSuccessful())) {
            return;
        }
        List<String> labels = MetaConverter.labelsOf(dbr);
        onValue.accept(DbrConverter.toPvValue(pv, dbr, labels).getValue());
    }

    /** On the writer thread. */
    @Override
    public void close() {
        closed = true;
        if (channel == null) {
            return;
        }
        try {
            channel.destroy(); // ends the monitor on the server too
            thread.requestFlush();
        } catch (CAException | RuntimeException e) {
            log.debug("readback {}: channel destroy failed: {}", pv, e.toString());
        }
        channel = null;
    }
}
