package io.pvstream.streams.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.pvstream.schemas.avro.ConfirmOutcome;
import io.pvstream.schemas.avro.OpsConfirmation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;

/**
 * The life of a pending entry, without Kafka: PENDING while rows are missing from CDC, COMMITTED once every
 * row has been seen (with the highest LSN among them), then confirmed (removed) when final. Removal and
 * timing are the processor's; this class only says what a new fact does to an entry.
 */
final class PendingEntries {

    /** What seeing one row in CDC did to an entry. */
    sealed interface RowSeen {
        /** The row is not one the transaction is waiting for (duplicate, foreign, or already committed). */
        record Ignored(String why) implements RowSeen {
        }

        /** The row was missing; others still are. */
        record Progress(PendingTransaction entry) implements RowSeen {
        }

        /** The row was the last one missing: the transaction is in the primary's WAL. */
        record Committed(PendingTransaction entry) implements RowSeen {
        }
    }

    private PendingEntries() {
    }

    /** Store key: entity first, so one entity's transactions are one prefix scan ({@link #entityPrefix}). */
    static String storeKey(String entityId, String txId) {
        return entityPrefix(entityId) + txId;
    }

    static String entityPrefix(String entityId) {
        return entityId + "/";
    }

    static PendingTransaction buffered(OpsTransaction tx) {
        return PendingTransaction.newBuilder().setTx(tx).setState(PendingState.PENDING).setSeenRows(List.of())
                .setLsn(null).setCommittedNs(null).setOverdueReported(false).build();
    }

    /** The row keys whose CDC events confirm {@code tx}; IllegalArgumentException if a row fits no table. */
    static Set<String> expectedRows(OpsTransaction tx) {
        Set<String> rows = new LinkedHashSet<>();
        for (OpsRow row : tx.getRows()) {
            rows.add(RowKeys.of(row));
        }
        return rows;
    }

    /**
     * @param lsn    the event's source.lsn, if it had one
     * @param seenNs when CDC saw the row (becomes committedNs if it completes the transaction)
     */
    static RowSeen onRowSeen(PendingTransaction entry, String rowKey, Long lsn, long seenNs) {
        if (entry.getState() == PendingState.COMMITTED) {
            return new RowSeen.Ignored("already committed");
        }
        Set<String> expected;
        try {
            expected = expectedRows(entry.getTx());
        } catch (IllegalArgumentException e) {
            return new RowSeen.Ignored("transaction is invalid: " + e.getMessage());
        }
        if (!expected.contains(rowKey)) {
            return new RowSeen.Ignored("row " + rowKey + " is not part of the transaction");
        }
        if (entry.getSeenRows().contains(rowKey)) {
            return new RowSeen.Ignored("row " + rowKey + " already seen");
        }
        List<String> seen = new ArrayList<>(entry.getSeenRows());
        seen.add(rowKey);
        PendingTransaction.Builder next = PendingTransaction.newBuilder(entry).setSeenRows(seen)
                .setLsn(max(entry.getLsn(), lsn));
        if (seen.size() < expected.size()) {
            return new RowSeen.Progress(next.build());
        }
        return new RowSeen.Committed(next.setState(PendingState.COMMITTED).setCommittedNs(seenNs).build());
    }

    /** Whether a replica that replayed up to {@code replayLsn} holds the committed transaction. */
    static boolean replicated(PendingTransaction entry, long replayLsn) {
        return entry.getState() == PendingState.COMMITTED && entry.getLsn() != null && entry.getLsn() <= replayLsn;
    }

    /** Whether the entry is due for its (single) overdue report at {@code nowNs}. */
    static boolean overdue(PendingTransaction entry, long nowNs, long timeoutNs) {
        return !entry.getOverdueReported() && nowNs - entry.getTx().getBufferedNs() >= timeoutNs;
    }

    static PendingTransaction overdueReported(PendingTransaction entry) {
        return PendingTransaction.newBuilder(entry).setOverdueReported(true).build();
    }

    static OpsConfirmation confirmation(PendingTransaction entry, ConfirmOutcome outcome, long atNs) {
        OpsTransaction tx = entry.getTx();
        return OpsConfirmation.newBuilder().setTxId(tx.getTxId()).setEntityId(tx.getEntityId()).setOutcome(outcome)
                .setBufferedNs(tx.getBufferedNs()).setAtNs(atNs).setLsn(entry.getLsn()).build();
    }

    private static Long max(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }
}
