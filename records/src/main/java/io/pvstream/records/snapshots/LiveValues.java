package io.pvstream.records.snapshots;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The port through which snapshots read live values: the latest-value stores of every instance (query-api's
 * {@code LiveScan} asks each instance for its partitions). Fails with
 * {@link io.pvstream.records.DomainException.Unavailable} rather than return a partial answer.
 */
public interface LiveValues {

    /** Which PVs: an explicit set of names, or a glob pattern. */
    record Wanted(Set<String> names, String pattern) {

        public static Wanted names(Collection<String> names) {
            return new Wanted(Set.copyOf(names), null);
        }

        public static Wanted pattern(String pattern) {
            return new Wanted(null, pattern);
        }
    }

    /** What the instances found, by PV name, and the store positions they read at. */
    record Found(Map<String, SnapshotValue> values, Map<String, Long> positions) {
    }

    /** The current state of the wanted PVs, as the stores hold them now. */
    Found scan(Wanted wanted);

    /**
     * As {@link #scan}, but first waits until the stores have applied every update that was in Kafka when it was
     * called (what a snapshot save needs: a PV connected before the request is never read as "never seen").
     */
    Found scanCaughtUp(Wanted wanted);
}
