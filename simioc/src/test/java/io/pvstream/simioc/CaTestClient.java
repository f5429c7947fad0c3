package io.pvstream.simioc;

import com.cosylab.epics.caj.CAJContext;
import gov.aps.jca.CAException;
import gov.aps.jca.CAStatus;
import gov.aps.jca.Channel;
import gov.aps.jca.Monitor;
import gov.aps.jca.TimeoutException;
import gov.aps.jca.configuration.DefaultConfiguration;
import gov.aps.jca.dbr.DBR;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.event.ConnectionEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A CAJ client context for tests, loopback only: it searches just the given IOC address, never
 * broadcasts, starts no CA repeater, and retries searches every ≤1 s so a restarted IOC is found fast.
 * Blocking calls (get, connect) must be made from the test thread, never from a CA callback.
 */
final class CaTestClient implements AutoCloseable {

    static final double TIMEOUT_SECONDS = 5.0;

    private final CAJContext context;
    private final List<Channel> channels = new ArrayList<>();

    CaTestClient(String addressList) throws CAException {
        // CAJ reads only this system property (its presence) to skip forking a repeater JVM;
        // surefire sets it too, this covers runs from an IDE.
        System.setProperty("CA_DISABLE_REPEATER", "true");
        DefaultConfiguration configuration = new DefaultConfiguration("test-client");
        configuration.setAttribute("auto_addr_list", "false");
        configuration.setAttribute("addr_list", addressList);
        configuration.setAttribute("max_search_interval", "1");
        configuration.setAttribute("max_array_bytes", "1000000");
        context = new CAJContext();
        try {
            context.configure(configuration);
        } catch (gov.aps.jca.configuration.ConfigurationException e) {
            throw new CAException("bad test client configuration", e);
        }
        context.initialize();
    }

    /** Creates a channel and waits until it is connected. */
    Channel connect(String name) throws CAException, TimeoutException {
        Channel channel = context.createChannel(name);
        channels.add(channel);
        context.pendIO(TIMEOUT_SECONDS);
        return channel;
    }

    /** Creates a channel without waiting; {@link #pendIO} then waits for all of them. */
    Channel connectLater(String name) throws CAException {
        Channel channel = context.createChannel(name);
        channels.add(channel);
        return channel;
    }

    void pendIO(double timeoutSeconds) throws CAException, TimeoutException {
        context.pendIO(timeoutSeconds);
    }

    void flush() throws CAException {
        context.flushIO();
    }

    /** Creates a channel whose connection state changes land in {@code connected}, without waiting. */
    Channel watch(String name, AtomicReference<Boolean> connected) throws CAException {
        Channel channel = context.createChannel(name, (ConnectionEvent event) -> connected.set(event.isConnected()));
        channels.add(channel);
        context.flushIO();
        return channel;
    }

    DBR get(Channel channel, DBRType type) throws CAException, TimeoutException {
        DBR dbr = channel.get(type, channel.getElementCount());
        context.pendIO(TIMEOUT_SECONDS);
        return dbr;
    }

    /**
     * Subscribes to value and alarm changes and waits for the initial event. Every event received
     * is appended to the queue returned.
     *
     * <p>Waiting matters: the CAJ server reads and sends the initial value <em>before</em> it
     * registers the monitor, so a change made in between is never sent to this monitor.
     */
    Queue<DBR> monitor(Channel channel, DBRType type) throws CAException {
        Queue<DBR> events = new ConcurrentLinkedQueue<>();
        channel.addMonitor(type, channel.getElementCount(), Monitor.VALUE | Monitor.ALARM,
                event -> {
                    if (event.getStatus() == CAStatus.NORMAL) {
                        events.add(event.getDBR());
                    }
                });
        context.flushIO();
        await().atMost(Duration.ofSeconds((long) TIMEOUT_SECONDS)).until(() -> !events.isEmpty());
        return events;
    }

    /** Puts with callback; the completion status lands in the reference returned (null until then). */
    AtomicReference<CAStatus> putWithCallback(Channel channel, double value) throws CAException {
        AtomicReference<CAStatus> completion = new AtomicReference<>();
        channel.put(value, event -> completion.set(event.getStatus()));
        context.flushIO();
        return completion;
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            try {
                channel.destroy();
            } catch (CAException | IllegalStateException e) {
                // the context is going away anyway
            }
        }
        try {
            context.destroy();
        } catch (CAException | IllegalStateException e) {
            // already destroyed
        }
    }
}
