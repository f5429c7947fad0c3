package io.pvstream.records.buffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The writes this instance buffered in the last seconds. Kafka acknowledged them, but the stream task that
 * owns the entity may not have put them in the pending store yet; without this a client could get 404 for
 * the id it has just been given, or PUT over a version older than its own last write.
 *
 * <p>A version leaves as soon as the pending store shows it (the store is authoritative from then on), or after
 * {@link #TTL} at the latest. Bounded: the oldest are dropped beyond {@code maxEntries}. Thread-safe.
 */
public final class RecentBufferedWrites {

    /**
     * Far longer than a stream task normally takes to consume a record, and longer than it takes on a machine so busy
     * that Streams lags tens of seconds (10 s was seen too short: a snapshot saved under load answered 404 for its
     * own id a minute later, neither in the store yet nor in the database). Short enough to bound staleness: a single
     * read prefers the database's row once it is as new (see {@link StateMerge#one}); only a listing could show this
     * version over a newer one written by another instance meanwhile, and for this long at most.
     */
    static final Duration TTL = Duration.ofSeconds(90);
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Entry(PendingVersion version, long addedNanos) {
    }

    private final Map<String, Entry> byTxId = new LinkedHashMap<>();
    private final LongSupplier nanoTime;
    private final long ttlNanos;
    private final int maxEntries;

    public RecentBufferedWrites(LongSupplier nanoTime, Duration ttl, int maxEntries) {
        this.nanoTime = nanoTime;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
    }

    public RecentBufferedWrites() {
        this(System::nanoTime, TTL, DEFAULT_MAX_ENTRIES);
    }

    public synchronized void add(PendingVersion version) {
        byTxId.put(version.txId(), new Entry(version, nanoTime.getAsLong()));
        Iterator<Entry> oldest = byTxId.values().iterator();
        while (byTxId.size() > maxEntries) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Recent versions of {@code entityId} that {@code storedTxIds} (what the store shows of it) lacks. */
    public synchronized List<PendingVersion> forEntity(String entityId, Collection<String> storedTxIds) {
        return take(version -> version.entityId().equals(entityId), Set.copyOf(storedTxIds));
    }

    /** Recent versions of entities of {@code entityType} that {@code storedTxIds} lacks. */
    public synchronized List<PendingVersion> ofType(String entityType, Collection<String> storedTxIds) {
        return take(version -> version.entityType().equals(entityType), Set.copyOf(storedTxIds));
    }

    public synchronized int size() {
        return byTxId.size();
    }

    private List<PendingVersion> take(Predicate<PendingVersion> wanted, Set<String> stored) {
        long now = nanoTime.getAsLong();
        List<PendingVersion> found = new ArrayList<>();
        for (Iterator<Entry> entries = byTxId.values().iterator(); entries.hasNext(); ) {
            Entry entry = entries.next();
            if (now - entry.addedNanos() > ttlNanos) {
                entries.remove();
            } else if (wanted.test(entry.version())) {
                if (stored.contains(entry.version().txId())) {
                    entries.remove(); // the store has it: from now on it answers
                } else {
                    found.add(entry.version());
                }
            }
        }
        return found;
    }
}
