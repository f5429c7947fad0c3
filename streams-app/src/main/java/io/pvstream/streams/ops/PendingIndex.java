package io.pvstream.streams.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;

/**
 * A task's in-memory index of its pending store, so the periodic check costs nothing when nothing is due:
 * entries not yet reported overdue, ordered by when they were buffered, and COMMITTED entries, ordered by
 * LSN. Each check takes only the due entries off the front, instead of deserializing the whole store every
 * {@code ops.confirm.check.interval.ms} — the store is small while the database keeps up, but grows during
 * an outage, exactly when a full scan would hurt most.
 *
 * <p>It holds keys and two longs per entry, is rebuilt from the store when the task starts, and is updated
 * with every write to the store ({@link #track}, {@link #forget}). Not thread-safe: one per task.
 */
final class PendingIndex {

    private record Slot(long position, String key) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot other) {
            int byPosition = Long.compare(position, other.position);
            return byPosition != 0 ? byPosition : key.compareTo(other.key);
        }
    }

    private final NavigableSet<Slot> unreportedByBuffered = new TreeSet<>();
    private final Map<String, Long> bufferedOf = new HashMap<>();
    private final NavigableSet<Slot> committedByLsn = new TreeSet<>();
    private final Map<String, Long> lsnOf = new HashMap<>();

    /** Records the current state of the entry stored under {@code key}. */
    void track(String key, PendingTransaction entry) {
        forget(key);
        if (!entry.getOverdueReported()) {
            long buffered = entry.getTx().getBufferedNs();
            unreportedByBuffered.add(new Slot(buffered, key));
            bufferedOf.put(key, buffered);
        }
        if (entry.getState() == PendingState.COMMITTED && entry.getLsn() != null) {
            committedByLsn.add(new Slot(entry.getLsn(), key));
            lsnOf.put(key, entry.getLsn());
        }
    }

    /** The entry under {@code key} left the store. */
    void forget(String key) {
        Long buffered = bufferedOf.remove(key);
        if (buffered != null) {
            unreportedByBuffered.remove(new Slot(buffered, key));
        }
        Long lsn = lsnOf.remove(key);
        if (lsn != null) {
            committedByLsn.remove(new Slot(lsn, key));
        }
    }

    /** Keys of unreported entries buffered at or before {@code bufferedNs}, oldest first; they leave the watch. */
    List<String> takeUnreportedUpTo(long bufferedNs) {
        List<String> due = new ArrayList<>();
        while (!unreportedByBuffered.isEmpty() && unreportedByBuffered.first().position() <= bufferedNs) {
            Slot slot = unreportedByBuffered.pollFirst();
            bufferedOf.remove(slot.key());
            due.add(slot.key());
        }
        return due;
    }

    /** Keys of COMMITTED entries with LSN at or below {@code replayLsn}; they leave the index entirely. */
    List<String> takeCommittedUpTo(long replayLsn) {
        List<String> due = new ArrayList<>();
        while (!committedByLsn.isEmpty() && committedByLsn.first().position() <= replayLsn) {
            String key = committedByLsn.first().key();
            forget(key);
            due.add(key);
        }
        return due;
    }

    void clear() {
        unreportedByBuffered.clear();
        bufferedOf.clear();
        committedByLsn.clear();
        lsnOf.clear();
    }

    int unreportedCount() {
        return bufferedOf.size();
    }

    int committedCount() {
        return lsnOf.size();
    }
}
