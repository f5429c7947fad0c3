package io.pvstream.devstack.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.pva.PvaSettings;

/**
 * The pvAccess benchmark's baseline: a bare core-pva client that monitors the same PVs as the ingest, with the same
 * request and settings ({@link PvaSettings}), and only counts the events: no conversion, no buffer, no Kafka. Run as
 * a child JVM so its CPU time is its own.
 *
 * <p>Args: {@code <pva addr list> <pv count> <status file>}. Prints {@code RAWPVA CONNECTED n=<n> span_ms=<ms>}
 * once every PV is connected and subscribed; writes {@code <connected> <events>} to the status file about every
 * 100 ms (as {@link RawCajMonitor}).
 */
public final class RawPvaMonitor {

    private static final String REQUEST = "field(value,alarm,timeStamp,display,control,valueAlarm)";

    private RawPvaMonitor() {
    }

    public static void main(String[] args) throws Exception {
        int pvs = Integer.parseInt(args[1]);
        Path status = Path.of(args[2]);
        PvaSettings.apply(IngestConfig.load(Map.of(), Map.of(IngestConfig.PVA_ADDR_LIST, args[0])));
        org.epics.pva.client.PVAClient client = new org.epics.pva.client.PVAClient();
        LongAdder events = new LongAdder();
        long connected = 0;
        AtomicLong firstConnectNs = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastConnectNs = new AtomicLong();
        ConcurrentLinkedQueue<org.epics.pva.client.PVAChannel> toSubscribe = new ConcurrentLinkedQueue<>();
        for (int i = 1; i <= pvs; i++) {
            client.getChannel(String.format("SIM:PV%05d", i), (channel, state) -> {
                // core-pva calls back on its own threads: hand the subscription to the main thread
                if (state == org.epics.pva.client.ClientChannelState.CONNECTED) {
                    long now = System.nanoTime();
                    firstConnectNs.accumulateAndGet(now, Math::min);
                    lastConnectNs.accumulateAndGet(now, Math::max);
                    toSubscribe.add(channel);
                }
            });
        }
        boolean announced = false;
        long nextStatusNs = 0;
        while (true) {
            for (var channel = toSubscribe.poll(); channel != null; channel = toSubscribe.poll()) {
                try {
                    channel.subscribe(REQUEST, (ch, changes, overruns, data) -> events.increment());
                    connected++;
                } catch (Exception e) {
                    System.err.println("cannot subscribe " + channel.getName() + ": " + e);
                }
            }
            if (!announced && connected >= pvs) {
                announced = true;
                System.out.printf("RAWPVA CONNECTED n=%d span_ms=%d%n", pvs,
                        (lastConnectNs.get() - firstConnectNs.get()) / 1_000_000);
                System.out.flush();
            }
            if (System.nanoTime() >= nextStatusNs) {
                RawCajMonitor.writeStatus(status, connected + " " + events.sum());
                nextStatusNs = System.nanoTime() + 100_000_000L;
            }
            Thread.sleep(20); // a polling main loop, like the ingest's control thread; not a synchronisation
        }
    }
}
