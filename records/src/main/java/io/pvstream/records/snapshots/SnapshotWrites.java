package io.pvstream.records.snapshots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.catalog.ConfigurationWrites;
import io.pvstream.records.buffer.OpsRows;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;
import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;

/**
 * The buffered transactions that save a snapshot. Pure.
 *
 * <p>How a 40 000-PV snapshot travels: in <b>chunks</b>, one transaction of at most {@code chunkBytes} of values
 * each, all keyed by the snapshot id (so on one partition, in order), and the header last. Why chunks rather than
 * one large record: every record stays under Kafka's default 1 MB limits (broker, topic, producer and the Streams
 * changelog of the pending store), so an existing cluster needs no tuning; the pending store and the JDBC sink
 * handle bounded pieces; and a snapshot is visible only once its header is buffered, so a crash half-way leaves
 * orphan value rows no read ever shows, never a snapshot with values missing.
 */
public final class SnapshotWrites {

    public static final String HEADER_TYPE = "snapshot";
    public static final String VALUES_TYPE = "snapshot_values";

    /** Per-row overhead of a value in the transaction (column names and fixed columns), a generous estimate. */
    private static final int ROW_OVERHEAD_BYTES = 300;
    private static final int MAX_ROWS_PER_CHUNK = 2_000;

    private SnapshotWrites() {
    }

    /**
     * The chunk transactions, then the header's.
     *
     * @param header     with {@code chunkCount} not yet known (it is set here)
     * @param values     in PV-name order
     * @param newTxId    a fresh transaction id per chunk
     */
    public static List<Write> create(TxDraft draft, Snapshot header, List<SnapshotValue> values, int chunkBytes,
                                     Supplier<String> newTxId, ObjectMapper mapper) {
        List<List<SnapshotValue>> chunks = chunks(values, chunkBytes);
        List<String> txIds = chunks.stream().map(chunk -> newTxId.get()).toList();
        // The chunks are independent, and building them (rows, entity JSON) was a third of a save's CPU: in parallel
        List<Write> writes = new ArrayList<>(IntStream.range(0, chunks.size()).parallel()
                .mapToObj(i -> chunk(new TxDraft(txIds.get(i), draft.bufferedNs(), draft.author()), header.id(), i,
                        chunks.get(i), mapper))
                .toList());
        Snapshot complete = new Snapshot(header.id(), draft.txId(), header.name(), header.comment(), header.tags(),
                header.takenAt(), header.author(), header.source(), header.asOf(), header.configurationId(),
                header.selection(), values.size(), chunks.size(), Snapshot.Counts.of(values), header.positions(),
                draft.updatedAt());
        writes.add(header(draft, complete, mapper));
        return writes;
    }

    static List<List<SnapshotValue>> chunks(List<SnapshotValue> values, int chunkBytes) {
        List<List<SnapshotValue>> chunks = new ArrayList<>();
        List<SnapshotValue> current = new ArrayList<>();
        long bytes = 0;
        for (SnapshotValue value : values) {
            int size = estimatedBytes(value);
            if (!current.isEmpty() && (bytes + size > chunkBytes || current.size() >= MAX_ROWS_PER_CHUNK)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(value);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** A value travels twice in its chunk: as a row (for the database) and in the entity JSON (for the overlay). */
    private static int estimatedBytes(SnapshotValue value) {
        int payload = value.pv().length() + length(value.text()) + length(value.json());
        return ROW_OVERHEAD_BYTES + 2 * payload;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length() * 2; // worst case UTF-8 of the common characters
    }

    private static Write header(TxDraft draft, Snapshot snapshot, ObjectMapper mapper) {
        List<OpsRow> rows = new ArrayList<>();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("id", snapshot.id());
        header.put("name", snapshot.name());
        header.put("comment", snapshot.comment());
        header.put("taken_at", java.time.Instant.parse(snapshot.takenAt()).toEpochMilli());
        header.put("author", snapshot.author());
        header.put("source", snapshot.source());
        header.put("as_of", snapshot.asOf() == null ? null : java.time.Instant.parse(snapshot.asOf()).toEpochMilli());
        header.put("configuration_id", snapshot.configurationId());
        header.put("selection", json(snapshot.selection(), mapper));
        header.put("pv_count", (long) snapshot.pvCount());
        header.put("chunk_count", (long) snapshot.chunkCount());
        header.put("ok_count", (long) snapshot.counts().ok());
        header.put("disconnected_count", (long) snapshot.counts().disconnected());
        header.put("never_seen_count", (long) snapshot.counts().neverSeen());
        header.put("positions", json(snapshot.positions(), mapper));
        header.put(OpsTables.DELETED, false);
        header.put("updated_at", draft.updatedAtMillis());
        header.put(OpsTables.TX_ID, draft.txId());
        header.put(OpsTables.ENTITY_ID, snapshot.id());
        rows.add(OpsRows.row(OpsTables.SNAPSHOT, header));
        for (String tag : snapshot.tags()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("snapshot_id", snapshot.id());
            row.put("tag", tag);
            row.put(OpsTables.DELETED, false);
            row.put(OpsTables.TX_ID, draft.txId());
            row.put(OpsTables.ENTITY_ID, snapshot.id());
            rows.add(OpsRows.row(OpsTables.SNAPSHOT_TAG, row));
        }
        ObjectNode entity = mapper.valueToTree(snapshot);
        return new Write(ConfigurationWrites.transaction(draft, HEADER_TYPE, snapshot.id(), OpsOperation.CREATE, entity,
                rows, mapper), entity);
    }

    private static Write chunk(TxDraft draft, String snapshotId, int index, List<SnapshotValue> values,
                               ObjectMapper mapper) {
        List<OpsRow> rows = new ArrayList<>(values.size());
        for (SnapshotValue value : values) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("snapshot_id", snapshotId);
            row.put("pv_name", value.pv());
            row.put("chunk", (long) index);
            row.put("state", value.state().json());
            row.put("value_kind", value.kind());
            row.put("value_num", value.num());
            row.put("value_text", value.text());
            row.put("value_json", value.json());
            row.put("timestamp_ns", value.timestampNs());
            row.put("severity", value.severity());
            row.put("status", value.status());
            row.put("tolerance_abs", value.toleranceAbs());
            row.put("tolerance_rel", value.toleranceRel());
            row.put("read_only", value.readOnly());
            row.put(OpsTables.DELETED, false);
            row.put(OpsTables.TX_ID, draft.txId());
            row.put(OpsTables.ENTITY_ID, snapshotId);
            rows.add(OpsRows.row(OpsTables.SNAPSHOT_VALUE, row));
        }
        ObjectNode entity = mapper.createObjectNode();
        entity.put("id", snapshotId);
        entity.put("txId", draft.txId());
        entity.put("chunk", index);
        entity.set("values", mapper.valueToTree(values));
        return new Write(ConfigurationWrites.transaction(draft, VALUES_TYPE, snapshotId, OpsOperation.CREATE, entity,
                rows, mapper), entity);
    }

    private static String json(Object value, ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }
}
