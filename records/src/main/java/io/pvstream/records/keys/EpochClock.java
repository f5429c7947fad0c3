package io.pvstream.records.keys;

import java.time.Clock;
import java.time.Instant;

/** Wall-clock time in ns since the Unix epoch (the unit of every pvstream timestamp). */
@FunctionalInterface
public interface EpochClock {

    long nowNs();

    public static EpochClock of(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        };
    }
}
