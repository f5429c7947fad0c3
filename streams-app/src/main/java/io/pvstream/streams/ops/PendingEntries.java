package io.pvstream.streams.ops;

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
 * The life of a pending entry, without Kafka: PENDING while rows are missing from CDC (counted by
 * {@link PendingRows}), COMMITTED once every row has been seen (with the highest LSN among them), then
 * confirmed (removed) when final. Removal and timing are the processor's; this class only says what a new
 * fact does to an entry.
 */
final class PendingEntries {

    private PendingEntries() {
    }

    /** Store key: entity first, so one entity's transactions are one prefix scan ({@link #entityPrefix}). */
    static String storeKey(String entityId, String txId) {
        return entityPrefix(entityId) + txId;
    }

    static String entityPrefix(String entityId) {
        return entityId + "/";
    }

    /**
     * The entry of a transaction just buffered, without its rows: they go to the sink once, and their marks to
     * {@link PendingRows}. Kept in the entry they would be written to the changelog again with every change of
     * state, though no reader needs them (a 40,000-PV snapshot's parts hold 10 MB of rows).
     */
    static PendingTransaction buffered(OpsTransaction tx) {
        OpsTransaction withoutRows = new OpsTransaction(tx.getTxId(), tx.getEntityType(), tx.getEntityId(),
                tx.getOperation(), tx.getBufferedNs(), tx.getAuthor(), tx.getEntityJson(), List.of());
        return PendingTransaction.newBuilder().setTx(withoutRows).setState(PendingState.PENDING)
                .setSeenRows(List.of()).setLsn(null).setCommittedNs(null).setOverdueReported(false).build();
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
     * The rows a stored entry still carries (entries stored before {@link #buffered} left them out), if every one
     * fits its table; empty otherwise: its marks in {@link PendingRows} are then all there is.
     */
    static Set<String> storedRows(OpsTransaction tx) {
        try {
            return expectedRows(tx);
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
    }

    /**
     * The entry once every row has been seen in CDC.
     *
     * @param lsn         highest source.lsn among its rows (null if no event carried one)
     * @param committedNs when CDC saw the last row
     */
    static PendingTransaction committed(PendingTransaction entry, Long lsn, long committedNs) {
        return PendingTransaction.newBuilder(entry).setState(PendingState.COMMITTED).setSeenRows(List.of())
                .setLsn(lsn).setCommittedNs(committedNs).build();
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
}
