package io.pvstream.streams.ops;

import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;

/**
 * Counts over pending entries.
 *
 * @param count            entries not yet confirmed
 * @param pendingCount     of those, not all rows seen in CDC yet
 * @param committedCount   of those, in the primary's WAL but not yet replayed by the replica
 * @param overdueCount     of those, reported overdue (older than {@code ops.confirm.timeout.ms})
 * @param oldestBufferedNs when the oldest entry was accepted by the API; null when there is none
 */
public record PendingSummary(long count, long pendingCount, long committedCount, long overdueCount,
                             Long oldestBufferedNs) {

    public static final PendingSummary EMPTY = new PendingSummary(0, 0, 0, 0, null);

    /** The summary of {@code entries}. */
    public static PendingSummary of(Iterable<PendingTransaction> entries) {
        PendingSummary summary = EMPTY;
        for (PendingTransaction entry : entries) {
            summary = summary.plus(of(entry));
        }
        return summary;
    }

    public static PendingSummary of(PendingTransaction entry) {
        boolean committed = entry.getState() == PendingState.COMMITTED;
        return new PendingSummary(1, committed ? 0 : 1, committed ? 1 : 0, entry.getOverdueReported() ? 1 : 0,
                entry.getTx().getBufferedNs());
    }

    /** Both together, e.g. the summaries of all instances. */
    public PendingSummary plus(PendingSummary other) {
        Long oldest;
        if (oldestBufferedNs == null || other.oldestBufferedNs == null) {
            oldest = oldestBufferedNs == null ? other.oldestBufferedNs : oldestBufferedNs;
        } else {
            oldest = Math.min(oldestBufferedNs, other.oldestBufferedNs);
        }
        return new PendingSummary(count + other.count, pendingCount + other.pendingCount,
                committedCount + other.committedCount, overdueCount + other.overdueCount, oldest);
    }
}
