package io.pvstream.streams.ops;

import java.util.OptionalLong;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.ReplicaLsn;

/**
 * The replay position every replica has reached, from the global store {@value Topics.Stores#OPS_REPLICA_LSN}
 * (one entry per replica, published by the poller in query-api). A transaction is on every replica once its
 * LSN is at or below the smallest of them. A removed replica must be tombstoned there, or it holds every
 * transaction back (they are then reported overdue, not lost).
 */
final class ReplicaPositions {

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<ReplicaLsn>> store;

    ReplicaPositions(ReadOnlyKeyValueStore<String, ValueAndTimestamp<ReplicaLsn>> store) {
        this.store = store;
    }

    /** The smallest replay LSN over all replicas; empty while no replica has reported. */
    OptionalLong minReplayLsn() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        try (KeyValueIterator<String, ValueAndTimestamp<ReplicaLsn>> all = store.all()) {
            while (all.hasNext()) {
                ValueAndTimestamp<ReplicaLsn> replica = all.next().value;
                if (replica != null && replica.value() != null) {
                    min = Math.min(min, replica.value().getReplayLsn());
                    any = true;
                }
            }
        }
        return any ? OptionalLong.of(min) : OptionalLong.empty();
    }
}
