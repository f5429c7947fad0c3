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
 * The writes this instance buffered lately. Kafka acknowledged them, but the stream task that owns the entity may
 * not have put them in the pending store yet; without this a client could get 404 for the id it has just been given,
 * or PUT over a version older than its own last write.
 *
 * <p>A version leaves as soon as the pending store shows it (the store is authoritative from then on). Until then a
 * read of its entity sees it for {@link #ENTITY_TTL}: long, because a stream task on a busy machine was seen to take
 * more than a minute to consume a write (a 10 s bound made a snapshot saved under load answer 404 for its own id),
 * and safe, because a single read prefers the database's row as soon as that is as new ({@link StateMerge#one}).
 * Listings see it for {@link #LIST_TTL} only: a listing has no row to compare with, so this version would hide a
 * newer one written by another instance meanwhile. Bounded: the oldest are dropped beyond {@code maxEntries}.
 * Thread-safe.
 */
public final class RecentBufferedWrites {

    static final Duration ENTITY_TTL = Duration.ofMinutes(10);
    static final Duration LIST_TTL = Duration.ofSeconds(90);
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Entry(PendingVersion version, long addedNanos) {
    }

    private final Map<String, Entry> byTxId = new LinkedHashMap<>();
    private final LongSupplier nanoTime;
    private final long entityTtlNanos;
    private final long listTtlNanos;
    private final int maxEntries;

    public RecentBufferedWrites(LongSupplier nanoTime, Duration entityTtl, Duration listTtl, int maxEntries) {
        this.nanoTime = nanoTime;
        this.entityTtlNanos = entityTtl.toNanos();
        this.listTtlNanos = listTtl.toNanos();
        this.maxEntries = maxEntries;
    }

    public RecentBufferedWrites() {
        this(System::nanoTime, ENTITY_TTL, LIST_TTL, DEFAULT_MAX_ENTRIES);
    }

    public synchronized void add(PendingVersion version) {
        byTxId.put(version.txId(), new Entry(version, nanoTime.getAsLong()));
        Iterator<Entry> oldest = byTxId.values().iterator();
        while (byTxId.size() > maxEntries) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Recent versions of {@code entityId} that the store has not consumed yet, judged by what it shows of the entity
     * ({@code stored}): a version it shows, or one buffered strictly before a version it shows, is behind it (one
     * entity's writes share a partition, consumed in order), even if the store confirmed and dropped it before any
     * read saw it. Not one buffered at the same instant: a snapshot's parts and header share their buffered time, and
     * the store showing a part says nothing of the header after it.
     */
    public synchronized List<PendingVersion> forEntity(String entityId, Collection<PendingVersion> stored) {
        long newestStored = stored.stream().mapToLong(PendingVersion::bufferedNs).max().orElse(Long.MIN_VALUE);
        Set<String> storedTxIds = stored.stream().map(PendingVersion::txId).collect(java.util.stream.Collectors.toSet());
        return take(version -> version.entityId().equals(entityId),
                version -> storedTxIds.contains(version.txId()) || version.bufferedNs() < newestStored, entityTtlNanos);
    }

    /** Recent versions of entities of {@code entityType} that {@code storedTxIds} lacks. */
    public synchronized List<PendingVersion> ofType(String entityType, Collection<String> storedTxIds) {
        Set<String> stored = Set.copyOf(storedTxIds);
        return take(version -> version.entityType().equals(entityType), version -> stored.contains(version.txId()),
                listTtlNanos);
    }

    public synchronized int size() {
        return byTxId.size();
    }

    private List<PendingVersion> take(Predicate<PendingVersion> wanted, Predicate<PendingVersion> consumed,
                                      long ttlNanos) {
        long now = nanoTime.getAsLong();
        List<PendingVersion> found = new ArrayList<>();
        for (Iterator<Entry> entries = byTxId.values().iterator(); entries.hasNext(); ) {
            Entry entry = entries.next();
            long age = now - entry.addedNanos();
            if (age > entityTtlNanos) {
                entries.remove();
            } else if (wanted.test(entry.version())) {
                if (consumed.test(entry.version())) {
                    entries.remove(); // the store has had it: from now on it (or the database) answers
                } else if (age <= ttlNanos) {
                    found.add(entry.version());
                }
            }
        }
        return found;
    }
}
