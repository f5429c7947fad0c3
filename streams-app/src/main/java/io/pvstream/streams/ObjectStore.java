package io.pvstream.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A PV-keyed store kept as objects in front of a persistent, logged store: a processor's get or put is a hash lookup.
 * What was written since the last commit reaches the store below (RocksDB and the changelog) in {@link #flushCache()},
 * so the changelog holds at each commit what the processor had written, as with the record cache; but without the
 * record cache's sorted map and an encoding of every put (15 % of the stream thread for pv-diff-emitted and
 * pv-archived, as much again for pv-latest; bench pipeline, async-profiler).
 *
 * <p>It is a {@link CachedStateStore} (an internal interface of Kafka Streams, as its own caching stores are) because
 * that is what gets a store called before the offsets are committed: {@code flushCache()} runs in the commit's
 * prepare step, before the producer flush and the offset commit; {@code flush()} runs only after the commit, and only
 * when a checkpoint is due. A task recycled between active and standby gets {@code clearCache()}.
 *
 * <p>Only the stream thread writes; interactive queries read from other threads and see each write at once: a scan
 * merges what is not yet flushed over the store's own iterator. What a get reads from the store below is kept only
 * on the thread that writes (an interactive query's read could otherwise put back a value the stream thread has
 * replaced in between), and a key the store below lacks is kept as absent, so a processor asking for it again does
 * not go down to the store. At most {@code maxObjects} clean objects are kept (beyond that they are dropped and read
 * again from the store), so a task of a million PVs costs no more memory than a few hundred thousand objects.
 */
public final class ObjectStore<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {

    /** A delete not yet flushed. */
    static final Object DELETED = new Object();
    /** A key the store below does not have (in {@link #objects}). */
    private static final Object ABSENT = new Object();

    private final KeyValueStore<String, V> store;
    private final int maxObjects;
    private final boolean rememberReads;
    /** Clean values, or {@link #ABSENT}. */
    private final Map<String, Object> objects = new ConcurrentHashMap<>();
    /** Written since the last flush: key → value, or {@link #DELETED}. */
    private final Map<String, Object> written = new ConcurrentHashMap<>();
    /**
     * The task's stream thread (it initializes, writes and commits the store): only its reads are kept. Interactive
     * queries never run on it.
     */
    private volatile Thread writer;

    /**
     * @param store         persistent and logged, without a record cache
     * @param rememberReads whether what the writing thread's get reads from the store is kept: not for a store that
     *                      interactive queries read on a standby, whose store below is restored from the changelog
     *                      under it
     */
    public ObjectStore(KeyValueStore<String, V> store, int maxObjects, boolean rememberReads) {
        this.store = store;
        this.maxObjects = maxObjects;
        this.rememberReads = rememberReads;
    }

    @Override
    public V get(String key) {
        Object kept = objects.get(key);
        if (kept != null) {
            return kept == ABSENT ? null : cast(kept);
        }
        Object pending = written.get(key);
        if (pending != null) {
            return pending == DELETED ? null : cast(pending);
        }
        V value = store.get(key);
        if (rememberReads && Thread.currentThread() == writer) {
            remember(key, value == null ? ABSENT : value);
        }
        return value;
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        writer = Thread.currentThread();
        remember(key, value);
        written.put(key, value);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V previous = get(key);
        if (previous == null) {
            put(key, value);
        }
        return previous;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(String key) {
        writer = Thread.currentThread();
        V previous = get(key);
        written.put(key, DELETED); // before the object goes: a reader in between sees the delete, not the old value
        objects.remove(key);
        return previous;
    }

    /** Writes what changed since the last commit to the store below (and so to its changelog), in one batch. */
    @Override
    public void flushCache() {
        writer = Thread.currentThread(); // the task's stream thread commits it
        if (written.isEmpty()) {
            return;
        }
        List<KeyValue<String, V>> puts = new ArrayList<>(written.size());
        written.forEach((key, value) -> {
            if (value == DELETED) {
                store.delete(key);
            } else {
                puts.add(KeyValue.pair(key, cast(value)));
            }
        });
        store.putAll(puts);
        written.clear(); // after the store has them all: a reader finds each in one or the other
    }

    @Override
    public void flush() {
        flushCache();
        store.flush();
    }

    /** The task is closed or recycled without a commit: what was not committed is read again from the input. */
    @Override
    public void clearCache() {
        objects.clear();
        written.clear();
        writer = null; // recycled into a standby, say: its store below is restored under it from now on
    }

    /** Nothing downstream waits for its writes: the processors forward at once. */
    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    private void remember(String key, Object value) {
        if (objects.size() >= maxObjects && !objects.containsKey(key)) {
            objects.clear(); // the unflushed ones stay in written until the flush
        }
        objects.put(key, value);
    }

    @SuppressWarnings("unchecked")
    private static <V> V cast(Object value) {
        return (V) value;
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries() + written.size();
    }

    /** @param to inclusive, as {@code from}; null for no bound */
    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        NavigableMap<String, Object> pending = pendingBetween(from, to); // before the store's iterator: see below
        return new PendingOverStored<>(pending, store.range(from, to));
    }

    @Override
    public KeyValueIterator<String, V> all() {
        NavigableMap<String, Object> pending = pendingBetween(null, null);
        return new PendingOverStored<>(pending, store.all());
    }

    /**
     * A copy of the unflushed writes in key order. Taken before the store's iterator is opened (a snapshot of
     * RocksDB): a write flushed in between is then in both, never in neither.
     */
    private NavigableMap<String, Object> pendingBetween(String from, String to) {
        NavigableMap<String, Object> pending = new TreeMap<>();
        written.forEach((key, value) -> {
            if ((from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0)) {
                pending.put(key, value);
            }
        });
        return pending;
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        writer = Thread.currentThread(); // the stream thread initializes its tasks
        store.init(context, root);
    }

    /** Without a flush: what was not committed is read again from the input, as with the record cache. */
    @Override
    public void close() {
        clearCache();
        store.close();
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    /** Answered by the store below: what was committed (interactive queries here use the classic API). */
    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }
}
