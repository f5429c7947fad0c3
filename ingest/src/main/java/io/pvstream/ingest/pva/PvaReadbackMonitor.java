package io.pvstream.ingest.pva;

import java.util.BitSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.epics.pva.client.ClientChannelListener;
import org.epics.pva.client.ClientChannelState;
import org.epics.pva.client.MonitorListener;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVAStructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel and subscription of the writer's own on a pvAccess readback this instance does not monitor, for the
 * few seconds of one verification (the pvAccess twin of the CA {@code TemporaryMonitor}). It publishes nothing:
 * values go to the verification only. Channel work runs on the control executor; the monitor callback only
 * converts (copying out of core-pva's reused structure) and hands on.
 */
final class PvaReadbackMonitor implements ClientChannelListener, MonitorListener {

    private static final Logger log = LoggerFactory.getLogger(PvaReadbackMonitor.class);

    private final String channelName;
    private final Consumer<Object> onValue;
    private final Executor control;
    private volatile boolean closed;
    private PVAChannel channel;          // control executor only
    private AutoCloseable subscription;  // control executor only

    PvaReadbackMonitor(String channelName, Consumer<Object> onValue, Executor control) {
        this.channelName = channelName;
        this.onValue = onValue;
        this.control = control;
    }

    /** On the control executor. */
    void open(PVAClient client) {
        if (!closed) {
            channel = client.getChannel(channelName, this);
        }
    }

    @Override
    public void channelStateChanged(PVAChannel changed, ClientChannelState state) {
        if (!closed && state == ClientChannelState.CONNECTED) {
            control.execute(() -> subscribe(changed));
        }
    }

    /** Every connect needs a new subscription: core-pva drops them when a connection is lost. */
    private void subscribe(PVAChannel connected) {
        if (closed || connected.getState() != ClientChannelState.CONNECTED) {
            return;
        }
        closeSubscription();
        try {
            subscription = connected.subscribe(PvaPv.REQUEST, this);
        } catch (Exception e) {
            log.debug("readback {}: cannot subscribe over pvAccess: {}", channelName, e.toString());
        }
    }

    @Override
    public void handleMonitor(PVAChannel source, BitSet changes, BitSet overruns, PVAStructure data) {
        if (closed || data == null || NtValues.unmappedReason(data) != null) {
            return;
        }
        try {
            onValue.accept(NtValues.valueOf(data.get("value")));
        } catch (RuntimeException e) {
            log.debug("readback {}: cannot convert a pvAccess update: {}", channelName, e.toString());
        }
    }

    /** On the control executor. */
    void close() {
        closed = true;
        closeSubscription();
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void closeSubscription() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("readback {}: closing its subscription: {}", channelName, e.toString());
            }
            subscription = null;
        }
    }
}
