package io.pvstream.streams.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.ConfirmOutcome;
import io.pvstream.schemas.avro.OpsCdcRow;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;

/**
 * Owns the {@value Topics.Stores#OPS_PENDING} store of a task (and the per-row marks of
 * {@value Topics.Stores#OPS_PENDING_ROWS}). A transaction from {@code ops.tx} is stored PENDING and its
 * rows forwarded for the JDBC sink; CDC rows mark its rows seen; once every row is seen it is
 * COMMITTED and, when final (at once without a replica, else when the replica has replayed its LSN),
 * deleted — the tombstone in the changelog is the cleanup. A periodic check confirms against the replica and
 * reports entries that wait too long, once each; nothing is ever dropped.
 */
final class OpsPendingProcessor implements Processor<String, OpsInput, String, OpsOutput> {

    private static final Logger log = LoggerFactory.getLogger(OpsPendingProcessor.class);

    private final OpsSettings settings;
    private final PendingIndex index = new PendingIndex();
    private ProcessorContext<String, OpsOutput> context;
    private KeyValueStore<String, PendingTransaction> store;
    private PendingRows rows;
    /** Restored entries whose rows were all seen but whose commit was not recorded: committed by the next check. */
    private final Set<String> completeAtStart = new HashSet<>();
    private ReplicaPositions replicas; // null without a replica: COMMITTED is final
    private boolean partitionMismatchReported;

    OpsPendingProcessor(OpsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, OpsOutput> context) {
        this.context = context;
        this.store = context.getStateStore(Topics.Stores.OPS_PENDING);
        if (settings.replicaEnabled()) {
            replicas = new ReplicaPositions(context.getStateStore(Topics.Stores.OPS_REPLICA_LSN));
        }
        rows = new PendingRows(context.getStateStore(Topics.Stores.OPS_PENDING_ROWS));
        restore();
        // Wall-clock time, deliberately: the timeout is about how long an operator's write has waited, and
        // replica progress must be noticed while no record arrives. Stream time stands still exactly when the
        // database is down and nothing flows, which is when the overdue report matters.
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    /** Rebuilds the in-memory index and row counts; init runs after restoration, so the stores are complete. */
    private void restore() {
        index.clear();
        rows.clear();
        completeAtStart.clear();
        try (KeyValueIterator<String, PendingTransaction> all = store.all()) {
            all.forEachRemaining(entry -> {
                index.track(entry.key, entry.value);
                if (entry.value.getState() != PendingState.PENDING) {
                    rows.finish(entry.key); // marks left by a crash right after the commit
                } else if (rows.restore(entry.key, PendingEntries.storedRows(entry.value.getTx()))) {
                    completeAtStart.add(entry.key);
                }
            });
        }
    }

    @Override
    public void process(Record<String, OpsInput> record) {
        if (record.value() instanceof OpsInput.Buffered buffered) {
            onBuffered(record, buffered.tx());
        } else if (record.value() instanceof OpsInput.RowSeen seen) {
            onRowSeen(record, seen.row());
        }
    }

    private void onBuffered(Record<String, OpsInput> record, OpsTransaction tx) {
        if (tx == null) {
            log.warn("ignoring a tombstone on {} (key {}): transactions are never retracted", Topics.OPS_TX,
                    record.key());
            return;
        }
        checkPartition(tx.getEntityId());
        List<ApplyRows.ApplyRecord> applies = applyRecords(tx);
        String key = PendingEntries.storeKey(tx.getEntityId(), tx.getTxId());
        PendingTransaction stored = store.get(key);
        if (stored == null) {
            save(key, PendingEntries.buffered(tx));
        }
        // Also for an entry stored before whose row marks are gone (the entry has no rows to rebuild them from)
        if ((stored == null || stored.getState() == PendingState.PENDING) && !applies.isEmpty()
                && !rows.tracks(key)) {
            rows.start(key, PendingEntries.expectedRows(tx));
        }
        // Forwarded again when the entry exists: after a crash between the store write and the sends, the
        // record is processed again and its rows must still reach the sink. Upserts make repeats harmless.
        for (ApplyRows.ApplyRecord row : applies) {
            context.forward(record.withKey(row.keyJson()).withValue((OpsOutput) new OpsOutput.Apply(row)));
        }
    }

    /** All rows or none: a row that fits no table stops the whole transaction, which then stays pending. */
    private static List<ApplyRows.ApplyRecord> applyRecords(OpsTransaction tx) {
        List<ApplyRows.ApplyRecord> applies = new ArrayList<>();
        try {
            if (tx.getRows().isEmpty()) {
                throw new IllegalArgumentException("it has no rows");
            }
            for (OpsRow row : tx.getRows()) {
                applies.add(ApplyRows.of(row));
            }
            return applies;
        } catch (IllegalArgumentException e) {
            log.error("ops transaction {} of {} {} cannot be applied; nothing is sent to the database and it stays "
                    + "pending (reported overdue): {}",
                    tx.getTxId(), tx.getEntityType(), tx.getEntityId(), e.getMessage());
            return List.of();
        }
    }

    private void onRowSeen(Record<String, OpsInput> record, OpsCdcRow row) {
        String key = PendingEntries.storeKey(row.getEntityId(), row.getTxId());
        // Not tracked: a snapshot of an old row, a repeat after the commit, or a write made outside pvstream.
        if (rows.see(key, row.getRowKey(), row.getLsn()) == PendingRows.Seen.COMPLETE) {
            long seenNs = row.getSeenNs() != null ? row.getSeenNs() : TimeUnit.MILLISECONDS.toNanos(record.timestamp());
            commit(key, seenNs, record.timestamp());
        }
    }

    /** Every row is in the primary's WAL: the entry is COMMITTED, then its row marks go. */
    private void commit(String key, long committedNs, long timestampMs) {
        PendingTransaction entry = store.get(key);
        if (entry != null && entry.getState() == PendingState.PENDING) {
            onCommitted(key, PendingEntries.committed(entry, rows.maxLsn(key), committedNs), timestampMs);
        }
        rows.finish(key);
    }

    private void onCommitted(String key, PendingTransaction entry, long timestampMs) {
        emit(entry, ConfirmOutcome.COMMITTED, entry.getCommittedNs(), timestampMs);
        if (replicas == null) {
            remove(key); // no replica configured: in the primary's WAL is final
            return;
        }
        OptionalLong replay = replicas.minReplayLsn();
        if (replay.isPresent() && PendingEntries.replicated(entry, replay.getAsLong())) {
            remove(key);
            emit(entry, ConfirmOutcome.REPLICATED, entry.getCommittedNs(), timestampMs);
        } else {
            save(key, entry);
        }
    }

    /** The periodic check: replica confirmations first, so a just-confirmed entry is not reported overdue. */
    private void check(long timestampMs) {
        long nowNs = TimeUnit.MILLISECONDS.toNanos(timestampMs);
        completeAtStart.forEach(key -> commit(key, nowNs, timestampMs));
        completeAtStart.clear();
        if (replicas != null) {
            OptionalLong replay = replicas.minReplayLsn();
            if (replay.isPresent()) {
                for (String key : index.takeCommittedUpTo(replay.getAsLong())) {
                    PendingTransaction entry = store.get(key);
                    if (entry != null) {
                        remove(key);
                        emit(entry, ConfirmOutcome.REPLICATED, nowNs, timestampMs);
                    }
                }
            }
        }
        for (String key : index.takeUnreportedUpTo(nowNs - settings.confirmTimeout().toNanos())) {
            PendingTransaction entry = store.get(key);
            if (entry != null) {
                reportOverdue(key, entry, nowNs, timestampMs);
            }
        }
    }

    private void reportOverdue(String key, PendingTransaction entry, long nowNs, long timestampMs) {
        OpsTransaction tx = entry.getTx();
        String progress = entry.getState() == PendingState.COMMITTED ? "in the primary's WAL at lsn " + entry.getLsn()
                + ", not yet replayed by every replica"
                : rows.tracks(key) ? rows.missing(key) + " of " + rows.expected(key) + " rows not yet seen in CDC"
                : "no rows tracked: it fits no table";
        log.warn("ops transaction {} of {} {} is not confirmed {} ms after it was buffered ({}); it stays pending",
                tx.getTxId(), tx.getEntityType(), tx.getEntityId(),
                TimeUnit.NANOSECONDS.toMillis(nowNs - tx.getBufferedNs()), progress);
        save(key, PendingEntries.overdueReported(entry));
        emit(entry, ConfirmOutcome.OVERDUE, nowNs, timestampMs);
    }

    private void emit(PendingTransaction entry, ConfirmOutcome outcome, long atNs, long timestampMs) {
        context.forward(new Record<>(entry.getTx().getEntityId(),
                new OpsOutput.Confirmed(PendingEntries.confirmation(entry, outcome, atNs)), timestampMs));
    }

    private void save(String key, PendingTransaction entry) {
        store.put(key, entry);
        index.track(key, entry);
    }

    private void remove(String key) {
        store.delete(key);
        index.forget(key);
    }

    /**
     * CDC events reach this task through a repartition topic with {@code topic.partitions} partitions; they
     * meet their pending entry only if {@code ops.tx} has as many. Said once, loudly, instead of transactions
     * silently going overdue.
     */
    private void checkPartition(String entityId) {
        if (partitionMismatchReported) {
            return;
        }
        int cdcPartition = cdcPartitionOf(entityId, settings.partitions());
        int txPartition = context.recordMetadata().map(RecordMetadata::partition).orElse(cdcPartition);
        if (txPartition != cdcPartition) {
            partitionMismatchReported = true;
            log.error("{} partition {} holds entity {}, but its CDC events go to partition {}: {} must have "
                            + "topic.partitions = {} partitions, or transactions are never confirmed",
                    Topics.OPS_TX, txPartition, entityId, cdcPartition, Topics.OPS_TX, settings.partitions());
        }
    }

    /** The producer's default partitioning of a String key, as used for ops.tx and the repartition topic. */
    static int cdcPartitionOf(String entityId, int partitions) {
        return Utils.toPositive(Utils.murmur2(entityId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
