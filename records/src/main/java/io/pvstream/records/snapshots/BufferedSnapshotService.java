package io.pvstream.records.snapshots;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.DomainException.Invalid;
import io.pvstream.records.DomainException.TooLarge;
import io.pvstream.records.DomainException.Unavailable;
import io.pvstream.records.buffer.PendingOverlay;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.TxPublisher;
import io.pvstream.records.buffer.Write;
import io.pvstream.records.catalog.Configuration;
import io.pvstream.records.catalog.ConfigurationLookup;
import io.pvstream.records.catalog.ConfigurationPv;

/**
 * Snapshots as operations records: taken values are written through the buffer (Kafka, then PostgreSQL by the
 * sink), read back as the database merged with what is still pending ({@link SnapshotReader}).
 */
public final class BufferedSnapshotService implements SnapshotService {

    private static final int MAX_REPORTED_NOT_OK = 100;

    /**
     * What it is built from.
     *
     * @param past where snapshots of the past ({@code asOf}) take their values; null: such requests are invalid
     */
    public record Parts(LiveValues live, PastValues past, ConfigurationLookup configurations, SnapshotReader reader,
                        PendingOverlay overlay, TxPublisher publisher, SnapshotConfig.Settings settings,
                        Clock clock, Supplier<UUID> ids, ObjectMapper mapper) {
    }

    private final Parts parts;

    public BufferedSnapshotService(Parts parts) {
        this.parts = parts;
    }

    @Override
    public Taken take(SnapshotRequest request, String author) {
        TxDraft draft = new TxDraft(parts.ids().get().toString(), nowNs(), author);
        long start = System.nanoTime();
        Values taken = request.asOf() == null ? live(request) : past(request);
        long read = System.nanoTime();
        List<SnapshotValue> values = taken.values();
        Snapshot header = new Snapshot(parts.ids().get().toString(), draft.txId(), request.name(), request.comment(),
                request.tags(), draft.updatedAt(), draft.author(), request.asOf() == null ? "live" : "archive",
                request.asOf() == null ? null : request.asOf().toString(), request.configurationId(),
                request.selection(), values.size(), 0, null, taken.positions(), draft.updatedAt());
        List<Write> writes = SnapshotWrites.create(draft, header, values, parts.settings().chunkBytes(),
                () -> parts.ids().get().toString(), parts.mapper());
        // The parts at once (their acknowledgements overlap), then the header: a header in the buffer or the
        // database means every part before it is there (SnapshotReader relies on it).
        publish(writes.subList(0, writes.size() - 1), header.id());
        publish(writes.subList(writes.size() - 1, writes.size()), header.id());
        long written = System.nanoTime();
        parts.reader().remember(header.id(), values);
        ObjectNode item = writes.get(writes.size() - 1).entity().deepCopy();
        item.put("state", "pending");
        ArrayNode notOk = item.putArray("notOk");
        values.stream().filter(value -> value.state() != SavedState.OK).limit(MAX_REPORTED_NOT_OK)
                .forEach(value -> notOk.addObject().put("name", value.pv()).put("state", value.state().json()));
        return new Taken(header.id(), item, (read - start) / 1_000_000, (written - read) / 1_000_000);
    }

    @Override
    public SnapshotReader.Page list(SnapshotQuery query) {
        return parts.reader().list(query);
    }

    @Override
    public SnapshotReader.Loaded read(String id) {
        return parts.reader().load(id);
    }

    @Override
    public ObjectNode header(String id) {
        return parts.reader().header(id);
    }

    @Override
    public SnapshotCompare.Result compare(String id, String with, SnapshotCompare.Tolerance override) {
        SnapshotReader.Loaded mine = read(id);
        Map<String, SnapshotValue> other;
        if (with.equals("live")) {
            other = parts.live().scan(LiveValues.Wanted.names(mine.values().stream().map(SnapshotValue::pv)
                    .toList())).values();
        } else {
            other = new HashMap<>();
            for (SnapshotValue value : read(with).values()) {
                other.put(value.pv(), value);
            }
        }
        return SnapshotCompare.compare(mine.values(), other, override);
    }

    @Override
    public SnapshotCompare.Result compareWithPast(String id, Instant at, SnapshotCompare.Tolerance override) {
        if (parts.past() == null) {
            throw new Invalid("with=archive: this instance has no archive to compare with");
        }
        SnapshotReader.Loaded mine = read(id);
        Map<String, SnapshotValue> other = parts.past().at(at, mine.values().stream().map(SnapshotValue::pv).toList());
        return SnapshotCompare.compare(mine.values(), other, override);
    }

    /** The values read for a new snapshot, in name order, and the store positions they were read at. */
    private record Values(List<SnapshotValue> values, Map<String, Long> positions) {
    }

    private Values live(SnapshotRequest request) {
        LiveValues.Found found;
        List<SnapshotValue> values = new ArrayList<>();
        int maxPvs = parts.settings().maxPvs();
        if (request.pattern() != null) {
            found = parts.live().scanCaughtUp(LiveValues.Wanted.pattern(request.pattern()));
            if (found.values().isEmpty()) {
                throw new Invalid("pattern " + request.pattern() + " matches no PV the platform knows");
            }
            if (found.values().size() > maxPvs) {
                throw new Invalid("pattern " + request.pattern() + " matches " + found.values().size()
                        + " PVs; at most " + maxPvs + " per snapshot");
            }
            values.addAll(found.values().values());
        } else if (request.configurationId() != null) {
            List<ConfigurationPv> pvs = configurationPvs(request.configurationId());
            found = parts.live().scanCaughtUp(LiveValues.Wanted.names(pvs.stream().map(ConfigurationPv::name).toList()));
            for (ConfigurationPv pv : pvs) {
                values.add(valueOf(pv.name(), found).withSettings(pv.toleranceAbs(), pv.toleranceRel(), pv.readOnly()));
            }
        } else {
            found = parts.live().scanCaughtUp(LiveValues.Wanted.names(request.pvs()));
            LiveValues.Found read = found;
            request.pvs().forEach(name -> values.add(valueOf(name, read)));
        }
        values.sort(Comparator.comparing(SnapshotValue::pv));
        return new Values(values, found.positions());
    }

    /**
     * A snapshot of the past: the values the archive holds at {@code asOf}, for the named PVs or a configuration's
     * (with its tolerances). No store positions: the values do not come from the stores.
     */
    private Values past(SnapshotRequest request) {
        if (parts.past() == null) {
            throw new Invalid("asOf: this instance has no archive to take the past from");
        }
        List<String> names;
        Map<String, ConfigurationPv> settingsOf = new HashMap<>();
        if (request.configurationId() != null) {
            List<ConfigurationPv> pvs = configurationPvs(request.configurationId());
            pvs.forEach(pv -> settingsOf.put(pv.name(), pv));
            names = pvs.stream().map(ConfigurationPv::name).toList();
        } else {
            names = request.pvs();
        }
        Map<String, SnapshotValue> found = parts.past().at(request.asOf(), names);
        List<SnapshotValue> values = new ArrayList<>(names.size());
        for (String name : names) {
            SnapshotValue value = found.getOrDefault(name, SnapshotValues.of(name, null));
            ConfigurationPv pv = settingsOf.get(name);
            values.add(pv == null ? value : value.withSettings(pv.toleranceAbs(), pv.toleranceRel(), pv.readOnly()));
        }
        values.sort(Comparator.comparing(SnapshotValue::pv));
        return new Values(values, Map.of());
    }

    private List<ConfigurationPv> configurationPvs(String configurationId) {
        Configuration configuration = parts.configurations().get(configurationId);
        List<ConfigurationPv> pvs = configuration.pvs() == null ? List.of() : configuration.pvs();
        if (pvs.isEmpty()) {
            throw new Invalid("configuration " + configurationId + " has no PVs");
        }
        return pvs;
    }

    private static SnapshotValue valueOf(String name, LiveValues.Found found) {
        SnapshotValue value = found.values().get(name);
        return value != null ? value : SnapshotValues.of(name, null);
    }

    private long nowNs() {
        Instant now = parts.clock().instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    private void publish(List<Write> writes, String snapshotId) {
        try {
            parts.publisher().publishAll(writes.stream().map(Write::tx).toList());
        } catch (TxPublisher.PublishException e) {
            if (e.tooLarge()) {
                throw new TooLarge("Kafka refuses a part of snapshot " + snapshotId
                        + " for its size (lower " + SnapshotConfig.CHUNK_BYTES + "): " + e.getMessage());
            }
            throw new Unavailable("the write buffer (Kafka) did not confirm snapshot " + snapshotId + ": "
                    + e.getMessage() + ". It is not saved unless GET /api/v1/snapshots/" + snapshotId + " finds it");
        }
        writes.forEach(parts.overlay()::remember);
    }
}
