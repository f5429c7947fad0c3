package io.pvstream.records.history;

import io.pvstream.records.snapshots.SnapshotValue;

/**
 * A PV's state at a past time T as the archive knows it: its last sample at or before T.
 *
 * @param value    as a snapshot saves it: {@code ok} with the value; {@code disconnected} with the last value before
 *                 the disconnection (if any); {@code never_seen} when nothing was archived up to T
 * @param sampleNs when that last sample happened (the disconnection, for a disconnected PV); null for never_seen
 */
public record ArchivedValue(SnapshotValue value, Long sampleNs) {
}
