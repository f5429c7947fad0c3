package io.pvstream.records.snapshots;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a snapshot of the past ({@code "asOf"}) takes its values: the archive. The snapshot endpoints call it
 * instead of the live scan when a request names a time.
 */
public interface PastValues {

    /**
     * Each named PV as it was at {@code asOf}, in the form a snapshot saves: {@code ok} with the value,
     * {@code disconnected} with the last value before the disconnection, {@code never_seen} when the archive holds
     * nothing of it up to then.
     *
     * @throws io.pvstream.records.DomainException.Unavailable when the archive cannot be read
     */
    Map<String, SnapshotValue> at(Instant asOf, List<String> names);
}
