package io.pvstream.ingest.write;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The (job, attempt, PV) of the last {@code capacity} write commands taken, so a command delivered again
 * (a partition re-read from its last commit after a reassignment) is not written twice. Bounded:
 * the oldest keys are forgotten first. Pure, one thread.
 */
public final class RecentWrites {

    private final Map<String, Boolean> keys;

    public RecentWrites(int capacity) {
        this.keys = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return true the first time a command is seen, false for a repeat */
    public boolean firstTime(String jobId, int attempt, String pv) {
        return keys.putIfAbsent(jobId + '\u0000' + attempt + '\u0000' + pv, Boolean.TRUE) == null;
    }

    public int size() {
        return keys.size();
    }
}
