package io.pvstream.records.buffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.db.ListCursor;
import io.pvstream.records.db.ListOrder;
import io.pvstream.records.db.OpsPage;

/**
 * How a read combines the database with the versions not confirmed yet. Pure (the database is a supplier,
 * asked only when needed), so every rule is tested alone:
 * <ul>
 * <li>The latest pending version (by buffered time) wins over the database: it is newer by construction, since
 * an entry leaves the pending store only once the database (or the replica) has it. A pending delete hides
 * the entity.</li>
 * <li>A version this instance buffered a moment ago but the pending store does not show yet (the owning stream
 * task has not consumed it) also counts, so a client reads its own write; but only while the database has no
 * newer row of the entity, because it may already have gone through the store unseen.</li>
 * <li>Otherwise the database decides: committed (primary) or replicated (replica); soft-deleted is absent.</li>
 * </ul>
 */
public final class StateMerge {

    static final Comparator<PendingVersion> BUFFER_ORDER = Comparator.comparingLong(PendingVersion::bufferedNs)
            .thenComparing(PendingVersion::txId);

    private StateMerge() {
    }

    /** The newest of {@code versions}. */
    public static Optional<PendingVersion> latest(Collection<PendingVersion> versions) {
        return versions.stream().max(BUFFER_ORDER);
    }

    /**
     * The item to show for one entity, or empty if it does not exist (never created, deleted).
     *
     * @param stored    its entries in the pending store
     * @param recent    versions this instance buffered that {@code stored} does not hold
     * @param confirmed the database's row; throws {@link DatabaseUnavailableException}, which propagates only
     *                  when nothing else can answer
     */
    public static Optional<ObjectNode> one(List<PendingVersion> stored, List<PendingVersion> recent,
                                           Supplier<Optional<ConfirmedView>> confirmed) {
        if (!stored.isEmpty()) {
            return visible(latest(Stream.concat(stored.stream(), recent.stream()).toList()).orElseThrow());
        }
        Optional<PendingVersion> latestRecent = latest(recent);
        Optional<ConfirmedView> row;
        try {
            row = confirmed.get();
        } catch (DatabaseUnavailableException e) {
            if (latestRecent.isPresent()) {
                return visible(latestRecent.get());
            }
            throw e;
        }
        if (latestRecent.isPresent() && isNewer(latestRecent.get(), row)) {
            return visible(latestRecent.get());
        }
        return row.filter(view -> !view.deleted()).map(view -> Items.of(view.entity(), ItemState.confirmedFrom(view.source())));
    }

    /**
     * One page of a listing.
     *
     * @param confirmed   the database's page (items with their state), which holds no entity of {@code pending};
     *                    at least {@code limit + 1} long unless the database has no more
     * @param pending     the latest version of every entity with one, in list form
     */
    public static OpsPage page(List<ObjectNode> confirmed, Map<String, PendingVersion> pending, String nameContains,
                               ListCursor after, int limit, boolean databaseAvailable) {
        List<ObjectNode> candidates = new ArrayList<>(confirmed);
        for (PendingVersion version : pending.values()) {
            if (version.isDelete()) {
                continue;
            }
            ObjectNode item = Items.of(version.entity(), version.state());
            if (ListOrder.nameMatches(Items.name(item), nameContains)
                    && ListOrder.isAfter(Items.name(item), Items.id(item), after)) {
                candidates.add(item);
            }
        }
        candidates.sort((a, b) -> ListOrder.compare(Items.name(a), Items.id(a), Items.name(b), Items.id(b)));
        String database = databaseAvailable ? OpsPage.AVAILABLE : OpsPage.UNAVAILABLE;
        if (candidates.size() <= limit) {
            return new OpsPage(List.copyOf(candidates), null, database);
        }
        List<ObjectNode> items = List.copyOf(candidates.subList(0, limit));
        ObjectNode last = items.get(limit - 1);
        return new OpsPage(items, new ListCursor(Items.name(last), Items.id(last)).encode(), database);
    }

    private static Optional<ObjectNode> visible(PendingVersion version) {
        return version.isDelete() ? Optional.empty() : Optional.of(Items.of(version.entity(), version.state()));
    }

    /** Whether a recent write is newer than the database's row; the row wins ties (same millisecond, same tx). */
    private static boolean isNewer(PendingVersion recent, Optional<ConfirmedView> row) {
        if (row.isEmpty()) {
            return true;
        }
        ConfirmedView view = row.get();
        return !view.txId().equals(recent.txId()) && recent.bufferedMillis() > view.updatedAtMillis();
    }
}
