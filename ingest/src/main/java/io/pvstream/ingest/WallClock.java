package io.pvstream.ingest;

import java.time.Instant;

/** Wall-clock time in the unit of every *Ns field of the schemas. */
public final class WallClock {

    private WallClock() {
    }

    /** Nanoseconds since the Unix epoch (microsecond resolution on most JVMs). */
    public static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
