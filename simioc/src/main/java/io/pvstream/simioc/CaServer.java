package io.pvstream.simioc;

import com.cosylab.epics.caj.cas.CAJServerContext;
import gov.aps.jca.CAException;
import gov.aps.jca.cas.Server;
import gov.aps.jca.configuration.ConfigurationException;
import gov.aps.jca.configuration.DefaultConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * One CAJ server context serving a {@link Server}, bound to a fixed port and talking to loopback only.
 *
 * <p>Configured per context through {@link CAJServerContext#configure} (not through global system
 * properties), so several servers in one JVM don't interfere. Beacons go only to 127.0.0.1: with
 * {@code auto_beacon_addr_list=true}, or an empty {@code beacon_addr_list}, CAJ would broadcast them
 * on every interface. CAJ has no bind-address option: the sockets listen on all interfaces but the
 * server only ever answers whoever asked.
 */
final class CaServer {

    private static final Logger log = LoggerFactory.getLogger(CaServer.class);
    private static final int FREE_PORT_ATTEMPTS = 10;
    private static final long RUN_THREAD_JOIN_MILLIS = 5_000;

    private final Server server;
    private final int maxArrayBytes;
    private CAJServerContext context;
    private Thread runThread;

    CaServer(Server server, int maxArrayBytes) {
        this.server = server;
        this.maxArrayBytes = maxArrayBytes;
    }

    /**
     * Starts serving on {@code port}, or on a free port if it is 0.
     *
     * @return the port used for both TCP and UDP
     */
    synchronized int start(int port) throws CAException {
        if (context != null) {
            throw new IllegalStateException("already running on port " + context.getTcpServerPort());
        }
        if (port != 0) {
            return startOn(port);
        }
        // A free port seen now may be taken before CAJ binds it: then try another one.
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            try {
                return startOn(findFreeTcpAndUdpPort());
            } catch (IllegalStateException portTaken) {
                lastFailure = portTaken;
            }
        }
        throw lastFailure;
    }

    private int startOn(int port) throws CAException {
        CAJServerContext candidate = new CAJServerContext();
        try {
            candidate.configure(configuration(port));
        } catch (ConfigurationException e) {
            throw new CAException("invalid CAJ server configuration", e);
        }
        candidate.initialize(server);
        // CAJ silently falls back to a random TCP port when the requested one is taken; a client
        // searching by UDP on our port would then be sent elsewhere, so treat it as a failure.
        if (candidate.getTcpServerPort() != port || candidate.getUdpServerPort() != port) {
            int tcpPort = candidate.getTcpServerPort();
            candidate.destroy();
            throw new IllegalStateException("CA port " + port + " is in use (CAJ got TCP port " + tcpPort + ")");
        }
        context = candidate;
        runThread = new Thread(() -> runUntilDestroyed(candidate), "simioc-cas-" + port);
        runThread.setDaemon(true);
        runThread.start();
        log.info("CA server listening on port {} (beacons to 127.0.0.1 only)", port);
        return port;
    }

    /** Closes the server: every client channel disconnects. Safe to call when not running. */
    synchronized void stop() {
        if (context == null) {
            return;
        }
        try {
            context.destroy();
        } catch (CAException | IllegalStateException e) {
            log.warn("error while destroying CA server context", e);
        }
        try {
            runThread.join(RUN_THREAD_JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context = null;
        runThread = null;
    }

    synchronized boolean isRunning() {
        return context != null;
    }

    /** Attribute names are those CAJServerContext.configure reads (see its sources). */
    private DefaultConfiguration configuration(int port) {
        DefaultConfiguration configuration = new DefaultConfiguration("simioc");
        configuration.setAttribute("server_port", Integer.toString(port));
        configuration.setAttribute("auto_beacon_addr_list", "false");
        configuration.setAttribute("beacon_addr_list", "127.0.0.1");
        configuration.setAttribute("max_array_bytes", Integer.toString(maxArrayBytes));
        return configuration;
    }

    private static void runUntilDestroyed(CAJServerContext context) {
        try {
            context.run(0); // blocks until destroy(); also starts the beacon emitter
        } catch (CAException | IllegalStateException e) {
            log.warn("CA server run loop ended with an error", e);
        }
    }

    /** A port free for TCP and UDP alike; CAJ uses the same number for both. */
    static int findFreeTcpAndUdpPort() {
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(port))) {
                    return port;
                } catch (IOException udpTaken) {
                    // try another
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a probe socket", e);
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP");
    }
}
