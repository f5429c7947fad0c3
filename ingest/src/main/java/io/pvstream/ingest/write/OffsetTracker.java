package io.pvstream.ingest.write;

import java.util.TreeSet;

/**
 * Which offset of one partition may be committed while writes finish out of order: the lowest
 * offset still in flight, or past the last record taken when none is. Committing there never skips a
 * write whose result is not acknowledged, so a crash re-delivers and never loses. Pure, one thread.
 */
public final class OffsetTracker {

    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    /** A record taken for work. */
    public void started(long offset) {
        inFlight.add(offset);
        next = Math.max(next, offset + 1);
    }

    /** Its result is acknowledged (or it needed none). */
    public void finished(long offset) {
        inFlight.remove(offset);
    }

    public int inFlight() {
        return inFlight.size();
    }

    /** The offset to commit now, or -1 if nothing new may be committed. */
    public long committable() {
        if (next < 0) {
            return -1;
        }
        long offset = inFlight.isEmpty() ? next : inFlight.first();
        return offset > committed ? offset : -1;
    }

    /** The commit of {@code offset} succeeded. */
    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
