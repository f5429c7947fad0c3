package io.pvstream.simioc;

import gov.aps.jca.Channel;
import gov.aps.jca.Monitor;
import gov.aps.jca.dbr.DBRType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Manual benchmark, not a test: subscribes TIME_DOUBLE monitors to N simulated PVs of a running
 * IOC (e.g. {@code SimIocMain} in another process) and prints the events received per second.
 *
 * <pre>java -cp ... io.pvstream.simioc.ThroughputProbe 127.0.0.1:PORT N SECONDS [PREFIX]</pre>
 */
public final class ThroughputProbe {

    private ThroughputProbe() {
    }

    public static void main(String[] args) throws Exception {
        String addressList = args[0];
        int pvCount = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String prefix = args.length > 3 ? args[3] : SimIocConfig.DEFAULT_PREFIX;
        SimulatedIoc names = SimulatedIoc.builder().prefix(prefix).pvCount(pvCount).setpointCount(0).build();
        LongAdder events = new LongAdder();
        try (CaTestClient client = new CaTestClient(addressList)) {
            long connectStart = System.nanoTime();
            List<Channel> channels = new ArrayList<>();
            for (int i = 1; i <= pvCount; i++) {
                channels.add(client.connectLater(names.simulatedPvName(i)));
            }
            client.pendIO(60);
            System.out.printf("connected %d channels in %.1f s%n", channels.size(), (System.nanoTime() - connectStart) / 1e9);
            for (Channel channel : channels) {
                channel.addMonitor(DBRType.TIME_DOUBLE, 1, Monitor.VALUE | Monitor.ALARM, event -> events.increment());
            }
            client.flush();
            long last = events.sum();
            long total = 0;
            for (int s = 0; s < seconds; s++) {
                long tickEnd = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < tickEnd) {
                    java.util.concurrent.locks.LockSupport.parkNanos(tickEnd - System.nanoTime());
                }
                long now = events.sum();
                System.out.printf("t=%2ds events/s=%d%n", s + 1, now - last);
                if (s >= 2) {
                    total += now - last;
                }
                last = now;
            }
            System.out.printf("RESULT mean events/s (after 2 s warm-up) = %.0f%n", total / (double) Math.max(1, seconds - 2));
        }
    }
}
