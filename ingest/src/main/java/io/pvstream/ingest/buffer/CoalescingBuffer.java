package io.pvstream.ingest.buffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The hand-over between many producers of records (CA callback threads) and one consumer (the
 * Kafka publishing loop), built so producers never block and nothing is lost while the consumer
 * keeps up.
 *
 * <p>Normally every record goes into a bounded FIFO: nothing is dropped and nothing is merged.
 * When the FIFO is full the buffer switches to <em>coalescing mode</em>: records go into a map
 * keyed by {@code K} (e.g. topic + PV name) where the newest record of a key replaces the older
 * one; each replacement is counted. The consumer always takes the whole FIFO first and the map
 * only once the FIFO is empty; the buffer stays in coalescing mode until the map has been taken.
 * Every map entry is therefore newer than every FIFO entry, so the order of records of one key is
 * preserved; under overload only intermediate updates of a key are lost, never its latest one.
 *
 * <p>Thread-safe. The lock is held only to append or to swap a container, never during I/O.
 */
public final class CoalescingBuffer<K, V> {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();

    private List<V> fifo = new ArrayList<>();
    private LinkedHashMap<K, V> overflow = new LinkedHashMap<>();
    private boolean coalescing;
    private long coalescedTotal;
    private boolean closed;

    public CoalescingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Adds a record; never blocks beyond the short lock.
     *
     * @return false if the buffer is closed and the record was not taken
     */
    public boolean offer(K key, V value) {
        return offer(value, v -> key);
    }

    /**
     * Adds a record whose key is computed only if the buffer coalesces: the common case makes no key object.
     *
     * @return false if the buffer is closed and the record was not taken
     */
    public boolean offer(V value, Function<? super V, ? extends K> keyOf) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (!coalescing && fifo.size() < capacity) {
                fifo.add(value);
            } else {
                coalescing = true;
                if (overflow.put(keyOf.apply(value), value) != null) {
                    coalescedTotal++;
                }
            }
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes everything the consumer may publish next, in order: the whole FIFO if it holds
     * anything, otherwise the whole coalescing map (which ends coalescing mode).
     *
     * @return the records, oldest first; empty if none arrived within the timeout or the buffer is closed and empty
     */
    public List<V> take(long timeout, TimeUnit unit) throws InterruptedException {
        long remaining = unit.toNanos(timeout);
        lock.lock();
        try {
            while (fifo.isEmpty() && overflow.isEmpty() && !closed && remaining > 0) {
                remaining = notEmpty.awaitNanos(remaining);
            }
            if (!fifo.isEmpty()) {
                List<V> taken = fifo;
                fifo = new ArrayList<>();
                return taken;
            }
            List<V> taken = new ArrayList<>(overflow.values());
            overflow = new LinkedHashMap<>();
            coalescing = false;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further offers and wakes a waiting consumer; what is held can still be taken. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records replaced by a newer one of the same key since creation. */
    public long coalescedTotal() {
        lock.lock();
        try {
            return coalescedTotal;
        } finally {
            lock.unlock();
        }
    }

    /** Whether offers currently go to the coalescing map. */
    public boolean isCoalescing() {
        lock.lock();
        try {
            return coalescing;
        } finally {
            lock.unlock();
        }
    }

    /** Records waiting to be taken. */
    public int size() {
        lock.lock();
        try {
            return fifo.size() + overflow.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }
}
