package io.pvstream.streams.ops;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.state.HostInfo;

import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.streams.StoreNotReadyException;

/**
 * What an API needs from the pending store of buffered operations transactions: who owns an entity, and
 * the entries this instance holds. {@link OpsPendingQueries} answers from Kafka Streams; tests of the HTTP
 * layer use an in-memory implementation.
 *
 * <p>Entries are those not yet confirmed: PENDING (not all rows in CDC yet) or COMMITTED (waiting for the
 * replica). Once confirmed they are gone, and the database (or a store materialised from CDC) has the rows.
 * Methods that read the store throw {@link StoreNotReadyException} when it cannot answer now.
 */
public interface OpsPendingLookup {

    /** The address ({@code application.server}) of this instance. */
    HostInfo localHost();

    default boolean isLocal(HostInfo host) {
        return localHost().equals(host);
    }

    /** The instance whose active task holds {@code entityId}'s entries; empty while not known (not RUNNING). */
    Optional<HostInfo> ownerOf(String entityId);

    /** This instance's entries of {@code entityId}, oldest buffered first; ask {@link #ownerOf} first. */
    List<PendingTransaction> pendingForEntity(String entityId);

    /** This instance's entries whose transaction has {@code entityType}, oldest buffered first. */
    List<PendingTransaction> pendingOfType(String entityType);

    /** Counts over this instance's entries; add up {@link PendingSummary#plus} over {@link #allHosts}. */
    PendingSummary summary();

    /** Every instance that hosts a part of the pending store, this one included if it does. */
    Collection<HostInfo> allHosts();
}
