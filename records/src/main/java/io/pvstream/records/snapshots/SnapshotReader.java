package io.pvstream.records.snapshots;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.DomainException.NotFound;
import io.pvstream.records.DomainException.Unavailable;
import io.pvstream.records.buffer.ConfirmedView;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.buffer.ItemState;
import io.pvstream.records.buffer.Items;
import io.pvstream.records.buffer.PendingOverlay;
import io.pvstream.records.buffer.PendingOverlay.EntityVersions;
import io.pvstream.records.buffer.PendingVersion;
import io.pvstream.records.buffer.StateMerge;

/**
 * Reads snapshots the way every operations record is read: the database merged with the versions not confirmed
 * yet, so a snapshot is readable the moment its 201 is sent. A snapshot is as confirmed as its least confirmed
 * part: while any chunk of its values is pending, so is the snapshot.
 */
public final class SnapshotReader {

    /** A whole snapshot: the header as the API shows it (with its state), and every saved PV in name order. */
    public record Loaded(ObjectNode item, Snapshot snapshot, List<SnapshotValue> values) {
    }

    /** One page of a listing. */
    public record Page(List<ObjectNode> items, String nextCursor) {
    }

    /** The versions whose entity a header read needs; the parts' (the values) only count for the state. */
    private static final Set<String> HEADER_ONLY = Set.of(SnapshotWrites.HEADER_TYPE);

    private final PendingOverlay overlay;
    private final JdbcSnapshots database;
    private final ObjectMapper mapper;
    private final SavedValuesCache cache;

    public SnapshotReader(PendingOverlay overlay, JdbcSnapshots database, ObjectMapper mapper, SavedValuesCache cache) {
        this.overlay = overlay;
        this.database = database;
        this.mapper = mapper;
        this.cache = cache;
    }

    /**
     * The header (always read: it says whether the snapshot exists, and its state), then the values: kept ones,
     * else those of the parts still buffered (read again, now with their values) and the database's.
     */
    public Loaded load(String id) {
        EntityVersions versions = overlay.forEntity(id, HEADER_ONLY);
        ObjectNode item = header(id, versions);
        Snapshot snapshot = decode(item);
        item.put(Items.STATE, leastConfirmed(item, versions).json());
        List<SnapshotValue> cached = cache.get(id).orElse(null);
        if (cached != null) {
            return new Loaded(item, snapshot, cached);
        }
        List<SnapshotValue> values = values(id, snapshot, overlay.forEntity(id));
        if (values.size() == snapshot.pvCount()) {
            cache.put(id, values); // complete: every chunk was found, in the buffer or the database
        }
        return new Loaded(item, snapshot, values);
    }

    /** Keeps the values of a snapshot just taken, so the reads that follow need neither buffer nor database. */
    public void remember(String id, List<SnapshotValue> valuesInNameOrder) {
        cache.put(id, valuesInNameOrder);
    }

    private List<SnapshotValue> values(String id, Snapshot snapshot, EntityVersions versions) {
        Map<Integer, List<SnapshotValue>> pendingChunks = pendingChunks(versions);
        Map<String, SnapshotValue> values = new TreeMap<>();
        if (pendingChunks.size() < snapshot.chunkCount()) {
            try {
                database.values(id).rows().forEach(value -> values.put(value.pv(), value));
            } catch (DatabaseUnavailableException e) {
                throw new Unavailable(e.getMessage() + "; only " + pendingChunks.size() + " of the "
                        + snapshot.chunkCount() + " parts of snapshot " + id + " are in the buffer");
            }
        }
        pendingChunks.values().forEach(chunk -> chunk.forEach(value -> values.put(value.pv(), value)));
        return List.copyOf(values.values());
    }

    /** The header item alone (no values), with the snapshot's state. */
    public ObjectNode header(String id) {
        EntityVersions versions = overlay.forEntity(id, HEADER_ONLY);
        ObjectNode item = header(id, versions);
        item.put(Items.STATE, leastConfirmed(item, versions).json());
        return item;
    }

    public Page list(SnapshotQuery query) {
        List<Snapshot> candidates = new ArrayList<>();
        Map<String, PendingVersion> pending = overlay.latestOfType(SnapshotWrites.HEADER_TYPE);
        Map<String, ItemState> states = new java.util.HashMap<>();
        for (PendingVersion version : pending.values()) {
            Snapshot snapshot = decode(version.entity());
            if (!version.isDelete() && query.accepts(snapshot)) {
                candidates.add(snapshot);
                states.put(snapshot.id(), version.state());
            }
        }
        JdbcSnapshots.Rows<Snapshot> confirmed = database.list(new SnapshotQuery(query.tag(), query.nameContains(),
                query.from(), query.to(), query.after(), query.limit() + 1, new HashSet<>(pending.keySet())));
        for (Snapshot snapshot : confirmed.rows()) {
            candidates.add(snapshot);
            states.put(snapshot.id(), ItemState.confirmedFrom(confirmed.source()));
        }
        candidates.sort(Comparator.comparing((Snapshot s) -> Instant.parse(s.takenAt())).thenComparing(Snapshot::id)
                .reversed());
        List<Snapshot> page = candidates.subList(0, Math.min(query.limit(), candidates.size()));
        List<ObjectNode> items = page.stream()
                .map(snapshot -> Items.of(mapper.valueToTree(snapshot), states.get(snapshot.id())))
                .toList();
        String next = candidates.size() > query.limit() && !page.isEmpty()
                ? new SnapshotQuery.Cursor(Instant.parse(page.get(page.size() - 1).takenAt()),
                        page.get(page.size() - 1).id()).encode()
                : null;
        return new Page(items, next);
    }

    private ObjectNode header(String id, EntityVersions versions) {
        List<PendingVersion> stored = ofType(versions.stored(), SnapshotWrites.HEADER_TYPE);
        List<PendingVersion> recent = ofType(versions.recent(), SnapshotWrites.HEADER_TYPE);
        try {
            return StateMerge.one(stored, recent, () -> database.header(id).map(found ->
                            new ConfirmedView(mapper.valueToTree(found.snapshot()), found.deleted(), found.source())))
                    .orElseThrow(() -> new NotFound("unknown snapshot " + id));
        } catch (DatabaseUnavailableException e) {
            throw new Unavailable(e.getMessage() + "; snapshot " + id + " has no write waiting in the buffer");
        }
    }

    /** Pending if any part is, else committed if any part is, else what the header says. */
    private static ItemState leastConfirmed(ObjectNode item, EntityVersions versions) {
        ItemState answered = ItemState.valueOf(item.path(Items.STATE).asText().toUpperCase(java.util.Locale.ROOT));
        if (versions.stored().isEmpty() && answered != ItemState.PENDING) {
            // the database answered with this header: written last, in the partition of every part before it, so
            // the parts are there too, whatever this instance still remembers having buffered
            return answered;
        }
        boolean anyPending = versions.all().stream().anyMatch(version -> version.state() == ItemState.PENDING);
        if (anyPending) {
            return ItemState.PENDING;
        }
        boolean anyCommitted = versions.all().stream().anyMatch(version -> version.state() == ItemState.COMMITTED);
        return anyCommitted ? ItemState.COMMITTED : answered;
    }

    private Map<Integer, List<SnapshotValue>> pendingChunks(EntityVersions versions) {
        Map<Integer, List<SnapshotValue>> chunks = new TreeMap<>();
        for (PendingVersion version : ofType(versions.all(), SnapshotWrites.VALUES_TYPE)) {
            JsonNode entity = version.entity();
            chunks.put(entity.path("chunk").asInt(), read(entity.path("values")));
        }
        return chunks;
    }

    private List<SnapshotValue> read(JsonNode values) {
        try {
            return List.of(mapper.treeToValue(values, SnapshotValue[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a buffered snapshot chunk does not read back", e);
        }
    }

    private Snapshot decode(JsonNode json) {
        try {
            return mapper.treeToValue(json, Snapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot header does not read back", e);
        }
    }

    private static List<PendingVersion> ofType(List<PendingVersion> versions, String type) {
        return versions.stream().filter(version -> type.equals(version.entityType())).toList();
    }
}
