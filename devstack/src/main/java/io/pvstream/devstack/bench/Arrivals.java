package io.pvstream.devstack.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When each (PV, value) was first seen, in System.nanoTime(). */
final class Arrivals {

    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    void saw(String pv, double value) {
        seen.putIfAbsent(pv + "=" + value, System.nanoTime());
    }

    long awaitSeen(String pv, double value, long sentNs) throws InterruptedException {
        while (System.nanoTime() - sentNs < FreshnessBenchmark.GIVE_UP.toNanos()) {
            Long at = seen.get(pv + "=" + value);
            if (at != null) {
                return at - sentNs;
            }
            Thread.sleep(1);
        }
        return FreshnessBenchmark.GIVE_UP.toNanos();
    }
}
