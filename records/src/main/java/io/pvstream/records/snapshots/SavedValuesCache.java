package io.pvstream.records.snapshots;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The saved values of recently read or taken snapshots, kept in memory. Saved values never change once a snapshot
 * is taken (its tags and comment may, but they live in the header, which is always read), so a complete set can be
 * served for as long as it is kept: the snapshot view, compare and restore read the same 40,000 values several times
 * in a row, and each read from PostgreSQL costs hundreds of milliseconds. With the values it keeps, once asked, their
 * rendering for a whole read ({@link #rendered}): the JSON of 40,000 values takes longer to write than to send.
 * Least recently used first out, bounded by the number of values held. Thread-safe.
 */
public final class SavedValuesCache {

    /** The values (complete, in name order) and, once rendered, their rendering; null until then. */
    private record Entry(List<SnapshotValue> values, byte[] rendered) {
    }

    private final int maxValues;
    private final LinkedHashMap<String, Entry> byId = new LinkedHashMap<>(16, 0.75f, true);
    private int held;

    /** @param maxValues most values held over all snapshots; 0 keeps nothing */
    public SavedValuesCache(int maxValues) {
        this.maxValues = maxValues;
    }

    /** The values of snapshot {@code id} in name order, if held. */
    public synchronized Optional<List<SnapshotValue>> get(String id) {
        return Optional.ofNullable(byId.get(id)).map(Entry::values);
    }

    /** Keeps {@code values} (complete, in name order) of snapshot {@code id}, dropping the least recently used. */
    public synchronized void put(String id, List<SnapshotValue> values) {
        if (values.size() > maxValues) {
            return;
        }
        Entry before = byId.put(id, new Entry(List.copyOf(values), null));
        held += values.size() - (before == null ? 0 : before.values().size());
        var eldest = byId.entrySet().iterator();
        while (held > maxValues) {
            Map.Entry<String, Entry> out = eldest.next();
            held -= out.getValue().values().size();
            eldest.remove();
        }
    }

    /**
     * {@code render(values)}, kept with the values of snapshot {@code id} while they are held, so a snapshot read
     * whole again is not rendered again. Rendered each time (and not kept) if {@code values} are not the very list
     * {@link #get} gives for {@code id}: a rendering is only ever served with the values it was made from.
     */
    public byte[] rendered(String id, List<SnapshotValue> values, Function<List<SnapshotValue>, byte[]> render) {
        synchronized (this) {
            Entry entry = byId.get(id);
            if (entry != null && entry.values() == values && entry.rendered() != null) {
                return entry.rendered();
            }
        }
        byte[] rendering = render.apply(values); // outside the lock: 40,000 values take a while
        synchronized (this) {
            Entry entry = byId.get(id);
            if (entry != null && entry.values() == values) {
                byId.put(id, new Entry(values, rendering));
            }
        }
        return rendering;
    }
}
