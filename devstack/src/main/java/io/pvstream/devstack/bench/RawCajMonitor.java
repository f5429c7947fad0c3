package io.pvstream.devstack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.cosylab.epics.caj.CAJContext;

import gov.aps.jca.CAException;
import gov.aps.jca.Channel;
import gov.aps.jca.Monitor;
import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.event.ConnectionEvent;
import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.ca.CaContextFactory;

/**
 * The benchmark's baseline: a bare CAJ client that monitors the same PVs as the ingest and only counts the
 * events, with no conversion, no buffer, no Kafka. Same CA settings as the ingest (its {@link CaContextFactory}),
 * but CAJ's own way of connecting: every channel created at once, one flush. Run as a child JVM so its CPU time
 * is its own.
 *
 * <p>Args: {@code <ca addr list> <pv count> <status file>}. Prints {@code RAWCAJ CONNECTED n=<n> span_ms=<ms>}
 * once every PV is connected; writes {@code <connected> <events>} to the status file about every 100 ms.
 */
public final class RawCajMonitor {

    private RawCajMonitor() {
    }

    public static void main(String[] args) throws Exception {
        String addrList = args[0];
        int pvs = Integer.parseInt(args[1]);
        Path status = Path.of(args[2]);
        CAJContext context = CaContextFactory.create(IngestConfig.load(Map.of(),
                Map.of(IngestConfig.CA_ADDR_LIST, addrList, IngestConfig.INSTANCE_ID, "raw-caj")));
        LongAdder events = new LongAdder();
        LongAdder connected = new LongAdder();
        AtomicLong firstConnectNs = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastConnectNs = new AtomicLong();
        ConcurrentLinkedQueue<Channel> toSubscribe = new ConcurrentLinkedQueue<>();

        for (int i = 1; i <= pvs; i++) {
            context.createChannel(String.format("SIM:PV%05d", i), (ConnectionEvent event) -> {
                // CAJ calls back on its network threads: hand the subscription to the main thread.
                if (event.isConnected() && event.getSource() instanceof Channel channel) {
                    long now = System.nanoTime();
                    firstConnectNs.accumulateAndGet(now, Math::min);
                    lastConnectNs.accumulateAndGet(now, Math::max);
                    toSubscribe.add(channel);
                }
            });
        }
        context.flushIO();

        boolean announced = false;
        long nextStatusNs = 0;
        while (true) {
            boolean subscribed = false;
            for (Channel channel = toSubscribe.poll(); channel != null; channel = toSubscribe.poll()) {
                subscribe(channel, events);
                connected.increment();
                subscribed = true;
            }
            if (subscribed) {
                context.flushIO();
            }
            if (!announced && connected.sum() >= pvs) {
                announced = true;
                System.out.printf("RAWCAJ CONNECTED n=%d span_ms=%d%n", pvs,
                        (lastConnectNs.get() - firstConnectNs.get()) / 1_000_000);
                System.out.flush();
            }
            if (System.nanoTime() >= nextStatusNs) {
                writeStatus(status, connected.sum() + " " + events.sum());
                nextStatusNs = System.nanoTime() + 100_000_000L;
            }
            Thread.sleep(20); // a polling main loop, like the ingest's control thread; not a synchronisation
        }
    }

    private static void subscribe(Channel channel, LongAdder events) {
        try {
            // The simulated PVs are scalar doubles: the same DBR_TIME_DOUBLE monitor the ingest subscribes.
            channel.addMonitor(DBRType.TIME_DOUBLE, 1, Monitor.VALUE | Monitor.ALARM, event -> events.increment());
        } catch (CAException | RuntimeException e) {
            System.err.println("cannot subscribe " + channel.getName() + ": " + e);
        }
    }

    static void writeStatus(Path status, String line) {
        try {
            Path tmp = status.resolveSibling(status.getFileName() + ".tmp");
            Files.writeString(tmp, line);
            Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the parent reads from the status file. */
    record Status(long connected, long events) {
        static Status read(Path file) {
            try {
                String[] parts = Files.readString(file).strip().split(" ");
                return new Status(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            } catch (IOException | RuntimeException e) {
                return new Status(0, 0); // not written yet
            }
        }
    }
}
