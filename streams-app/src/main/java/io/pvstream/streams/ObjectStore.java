package io.pvstream.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * A store that one processor alone reads and writes, by key (no interactive query, no scan), kept as objects in front
 * of a persistent, logged store: a get or a put is a hash lookup. What was written since the last commit reaches the
 * store below (RocksDB and the changelog) in {@link #flushCache()}, so the changelog holds at each commit what the
 * processor had written, as with the record cache; but without the record cache's sorted map and an encoding of every
 * put (together 15 % of the stream thread, bench pipeline).
 *
 * <p>It is a {@link CachedStateStore} (an internal interface of Kafka Streams, as its own caching stores are) because
 * that is what gets a store called before the offsets are committed: {@code flushCache()} runs in the commit's
 * prepare step, before the producer flush and the offset commit; {@code flush()} runs only after the commit, and only
 * when a checkpoint is due.
 *
 * <p>At most {@code maxObjects} clean objects are kept (beyond that they are dropped and read again from the store),
 * so a task of a million PVs costs no more memory than a few hundred thousand objects. Only the stream thread uses it.
 */
public final class ObjectStore<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {

    private final KeyValueStore<String, V> store;
    private final int maxObjects;
    private final Map<String, V> objects = new HashMap<>();
    /** Written since the last flush: key → value, or null for a delete. */
    private final Map<String, V> dirty = new HashMap<>();

    /** @param store persistent and logged, without a record cache */
    public ObjectStore(KeyValueStore<String, V> store, int maxObjects) {
        this.store = store;
        this.maxObjects = maxObjects;
    }

    @Override
    public V get(String key) {
        V value = objects.get(key);
        if (value != null) {
            return value;
        }
        if (dirty.containsKey(key)) {
            return dirty.get(key);
        }
        value = store.get(key);
        if (value != null) {
            remember(key, value);
        }
        return value;
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        remember(key, value);
        dirty.put(key, value);
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
        V previous = get(key);
        objects.remove(key);
        dirty.put(key, null);
        return previous;
    }

    /** Writes what changed since the last commit to the store below (and so to its changelog), in one batch. */
    @Override
    public void flushCache() {
        if (!dirty.isEmpty()) {
            List<KeyValue<String, V>> puts = new ArrayList<>(dirty.size());
            dirty.forEach((key, value) -> {
                if (value == null) {
                    store.delete(key);
                } else {
                    puts.add(KeyValue.pair(key, value));
                }
            });
            store.putAll(puts);
            dirty.clear();
        }
    }

    @Override
    public void flush() {
        flushCache();
        store.flush();
    }

    /** The task is closed without a commit: what was not committed is read again from the input. */
    @Override
    public void clearCache() {
        objects.clear();
        dirty.clear();
    }

    /** Nothing downstream waits for its writes: the processor forwards at once. */
    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    private void remember(String key, V value) {
        if (objects.size() >= maxObjects && !objects.containsKey(key)) {
            objects.clear(); // the dirty ones stay in dirty until the flush
        }
        objects.put(key, value);
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries() + dirty.size();
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        throw new UnsupportedOperationException(name() + " is read by key only");
    }

    @Override
    public KeyValueIterator<String, V> all() {
        throw new UnsupportedOperationException(name() + " is read by key only");
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
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

    /** Answered by the store below: what was committed. */
    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }
}
