package io.pvstream.streams.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.pvstream.schemas.avro.PendingTransaction;

/** Reads of a pending store, whatever holds it (Streams' local stores, a test driver's store). */
final class PendingScans {

    private static final Comparator<PendingTransaction> OLDEST_FIRST = Comparator
            .comparingLong((PendingTransaction entry) -> entry.getTx().getBufferedNs())
            .thenComparing(entry -> entry.getTx().getTxId());

    private PendingScans() {
    }

    /** A prefix scan: the store key starts with the entity id, so this reads only that entity's entries. */
    static List<PendingTransaction> forEntity(ReadOnlyKeyValueStore<String, PendingTransaction> store,
                                              String entityId) {
        try (KeyValueIterator<String, PendingTransaction> entries =
                     store.prefixScan(PendingEntries.entityPrefix(entityId), new StringSerializer())) {
            return collect(entries, entry -> true);
        }
    }

    /** A full scan: the store holds only what the database does not have yet, so it is small by design. */
    static List<PendingTransaction> ofType(ReadOnlyKeyValueStore<String, PendingTransaction> store, String entityType) {
        try (KeyValueIterator<String, PendingTransaction> entries = store.all()) {
            return collect(entries, entry -> entry.getTx().getEntityType().equals(entityType));
        }
    }

    static PendingSummary summary(ReadOnlyKeyValueStore<String, PendingTransaction> store) {
        PendingSummary summary = PendingSummary.EMPTY;
        try (KeyValueIterator<String, PendingTransaction> entries = store.all()) {
            while (entries.hasNext()) {
                summary = summary.plus(PendingSummary.of(entries.next().value));
            }
        }
        return summary;
    }

    private static List<PendingTransaction> collect(KeyValueIterator<String, PendingTransaction> entries,
                                                    Predicate<PendingTransaction> wanted) {
        List<PendingTransaction> found = new ArrayList<>();
        entries.forEachRemaining(entry -> {
            if (entry.value != null && wanted.test(entry.value)) {
                found.add(entry.value);
            }
        });
        found.sort(OLDEST_FIRST);
        return found;
    }
}
