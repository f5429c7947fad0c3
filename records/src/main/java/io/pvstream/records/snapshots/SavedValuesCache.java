package io.pvstream.records.snapshots;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saved values of recently read or taken snapshots, kept in memory. Saved values never change once a snapshot
 * is taken (its tags and comment may, but they live in the header, which is always read), so a complete set can be
 * served for as long as it is kept: the snapshot view, compare and restore read the same 40,000 values several times
 * in a row, and each read from PostgreSQL costs hundreds of milliseconds. Least recently used first out, bounded by
 * the number of values held. Thread-safe.
 */
public final class SavedValuesCache {

    private final int maxValues;
    private final LinkedHashMap<String, List<SnapshotValue>> byId = new LinkedHashMap<>(16, 0.75f, true);
    private int held;

    /** @param maxValues most values held over all snapshots; 0 keeps nothing */
    public SavedValuesCache(int maxValues) {
        this.maxValues = maxValues;
    }

    /** The values of snapshot {@code id} in name order, if held. */
    public synchronized Optional<List<SnapshotValue>> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Keeps {@code values} (complete, in name order) of snapshot {@code id}, dropping the least recently used. */
    public synchronized void put(String id, List<SnapshotValue> values) {
        if (values.size() > maxValues) {
            return;
        }
        List<SnapshotValue> before = byId.put(id, List.copyOf(values));
        held += values.size() - (before == null ? 0 : before.size());
        var eldest = byId.entrySet().iterator();
        while (held > maxValues) {
            Map.Entry<String, List<SnapshotValue>> out = eldest.next();
            held -= out.getValue().size();
            eldest.remove();
        }
    }
}
