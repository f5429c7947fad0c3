package io.pvstream.records.history;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pvstream.records.DomainException.Unavailable;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.snapshots.PastValues;
import io.pvstream.records.snapshots.SnapshotValue;

/**
 * Snapshot values of the past from the archive: each PV's last sample at or before the time, read in chunks of
 * {@value #CHUNK} PVs (one statement each), so a snapshot of 200K PVs is not one giant array parameter.
 */
public final class ArchivePastValues implements PastValues {

    static final int CHUNK = 10_000;

    private final JdbcArchive archive;

    public ArchivePastValues(JdbcArchive archive) {
        this.archive = archive;
    }

    @Override
    public Map<String, SnapshotValue> at(Instant asOf, List<String> names) {
        Map<String, SnapshotValue> values = new LinkedHashMap<>();
        try {
            for (int start = 0; start < names.size(); start += CHUNK) {
                archive.valuesAt(asOf, names.subList(start, Math.min(names.size(), start + CHUNK)))
                        .forEach(value -> values.put(value.value().pv(), value.value()));
            }
        } catch (DatabaseUnavailableException e) {
            throw new Unavailable("the archive cannot be read: " + e.getMessage());
        }
        return values;
    }
}
