package io.pvstream.streams;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * An {@link ObjectStore} scan: its unflushed writes merged over the store's own iterator, both in key order. A pending
 * write replaces the stored entry of its key, and a pending delete hides it. Key order is {@link String#compareTo},
 * the stores' byte order for every name without supplementary characters (EPICS names are ASCII).
 */
final class PendingOverStored<V> implements KeyValueIterator<String, V> {

    private final Iterator<Map.Entry<String, Object>> pending;
    private final KeyValueIterator<String, V> stored;
    private Map.Entry<String, Object> nextPending;
    private KeyValue<String, V> next;

    PendingOverStored(NavigableMap<String, Object> pending, KeyValueIterator<String, V> stored) {
        this.pending = pending.entrySet().iterator();
        this.stored = stored;
        this.nextPending = this.pending.hasNext() ? this.pending.next() : null;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public KeyValue<String, V> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        KeyValue<String, V> result = next;
        next = null;
        return result;
    }

    @Override
    public String peekNextKey() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return next.key;
    }

    @Override
    public void close() {
        stored.close();
    }

    @SuppressWarnings("unchecked")
    private KeyValue<String, V> advance() {
        while (nextPending != null || stored.hasNext()) {
            String storedKey = stored.hasNext() ? stored.peekNextKey() : null;
            int order = nextPending == null ? 1 : storedKey == null ? -1 : nextPending.getKey().compareTo(storedKey);
            if (order > 0) {
                return stored.next();
            }
            if (order == 0) {
                stored.next(); // replaced or deleted by the pending write
            }
            Map.Entry<String, Object> write = nextPending;
            nextPending = pending.hasNext() ? pending.next() : null;
            if (write.getValue() != ObjectStore.DELETED) {
                return KeyValue.pair(write.getKey(), (V) write.getValue());
            }
        }
        return null;
    }
}
