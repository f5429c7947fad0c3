package io.pvstream.records.snapshots;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.records.db.ConfirmedSource;
import io.pvstream.records.db.OpsDatabase;

/**
 * Snapshots as PostgreSQL has them (tables {@code snapshot}, {@code snapshot_tag}, {@code snapshot_value}); reads
 * go to the replica when there is one. Every method throws
 * {@link io.pvstream.records.db.DatabaseUnavailableException} when no database answers.
 */
public class JdbcSnapshots {

    /** A header and where it was read. */
    public record FoundHeader(Snapshot snapshot, boolean deleted, ConfirmedSource source) {
    }

    /** Rows read and where. */
    public record Rows<T>(List<T> rows, ConfirmedSource source) {
    }

    private static final String HEADER_COLUMNS = "s.id, s.tx_id, s.name, s.comment, s.taken_at, s.author, s.source,"
            + " s.as_of, s.configuration_id, s.selection, s.pv_count, s.chunk_count, s.ok_count, s.disconnected_count,"
            + " s.never_seen_count, s.positions, s.updated_at, s.deleted,"
            + " ARRAY(SELECT t.tag FROM snapshot_tag t WHERE t.snapshot_id = s.id AND NOT t.deleted ORDER BY t.tag) AS tags";

    private final OpsDatabase database;
    private final ObjectMapper mapper;

    public JdbcSnapshots(OpsDatabase database, ObjectMapper mapper) {
        this.database = database;
        this.mapper = mapper;
    }

    public Optional<FoundHeader> header(String id) {
        OpsDatabase.Read<Optional<FoundHeader>> read = database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + HEADER_COLUMNS + " FROM snapshot s WHERE s.id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new FoundHeader(header(row), row.getBoolean("deleted"), null))
                            : Optional.empty();
                }
            }
        });
        return read.value().map(found -> new FoundHeader(found.snapshot(), found.deleted(), read.source()));
    }

    /** Every saved PV of a snapshot, in name order. */
    public Rows<SnapshotValue> values(String snapshotId) {
        OpsDatabase.Read<List<SnapshotValue>> read = database.read(connection -> values(connection, snapshotId));
        return new Rows<>(read.value(), read.source());
    }

    /** Live snapshots matching {@code query}, newest first, at most {@code query.limit()}. */
    public Rows<Snapshot> list(SnapshotQuery query) {
        OpsDatabase.Read<List<Snapshot>> read = database.read(connection -> list(connection, query));
        return new Rows<>(read.value(), read.source());
    }

    private List<Snapshot> list(Connection connection, SnapshotQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + HEADER_COLUMNS + " FROM snapshot s WHERE NOT s.deleted");
        List<Object> parameters = new ArrayList<>();
        if (query.tag() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM snapshot_tag t WHERE t.snapshot_id = s.id AND t.tag = ?"
                    + " AND NOT t.deleted)");
            parameters.add(query.tag());
        }
        if (query.nameContains() != null) {
            sql.append(" AND strpos(lower(s.name), lower(CAST(? AS text) COLLATE \"C\")) > 0");
            parameters.add(query.nameContains());
        }
        if (query.from() != null) {
            sql.append(" AND s.taken_at >= ?");
            parameters.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND s.taken_at < ?");
            parameters.add(Timestamp.from(query.to()));
        }
        if (query.after() != null) {
            sql.append(" AND (s.taken_at, s.id) < (?, CAST(? AS text))");
            parameters.add(Timestamp.from(query.after().takenAt()));
            parameters.add(query.after().id());
        }
        if (!query.excludedIds().isEmpty()) {
            sql.append(" AND NOT (s.id = ANY (?))");
            parameters.add(connection.createArrayOf("text", query.excludedIds().toArray()));
        }
        sql.append(" ORDER BY s.taken_at DESC, s.id DESC LIMIT ?");
        parameters.add(query.limit());
        List<Snapshot> page = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    page.add(header(row));
                }
            }
        }
        return page;
    }

    private static List<SnapshotValue> values(Connection connection, String snapshotId) throws SQLException {
        List<SnapshotValue> values = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT pv_name, state, value_kind, value_num, value_text, value_json, timestamp_ns, severity, status,"
                        + " tolerance_abs, tolerance_rel, read_only FROM snapshot_value"
                        + " WHERE snapshot_id = ? AND NOT deleted ORDER BY pv_name")) {
            select.setString(1, snapshotId);
            select.setFetchSize(5_000); // stream 40 000 rows rather than hold them twice
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    values.add(new SnapshotValue(row.getString("pv_name"), SavedState.fromJson(row.getString("state")),
                            row.getString("value_kind"), nullableDouble(row, "value_num"), row.getString("value_text"),
                            row.getString("value_json"), nullableLong(row, "timestamp_ns"), row.getString("severity"),
                            row.getString("status"), nullableDouble(row, "tolerance_abs"),
                            nullableDouble(row, "tolerance_rel"), row.getBoolean("read_only")));
                }
            }
        }
        return values;
    }

    private Snapshot header(ResultSet row) throws SQLException {
        java.sql.Array tags = row.getArray("tags");
        List<String> tagList = tags == null ? List.of() : List.of((String[]) tags.getArray());
        return new Snapshot(row.getString("id"), row.getString("tx_id"), row.getString("name"), row.getString("comment"),
                tagList, instant(row, "taken_at"), row.getString("author"), row.getString("source"),
                instant(row, "as_of"), row.getString("configuration_id"), readTree(row.getString("selection")),
                (int) row.getLong("pv_count"), (int) row.getLong("chunk_count"),
                new Snapshot.Counts((int) row.getLong("ok_count"), (int) row.getLong("disconnected_count"),
                        (int) row.getLong("never_seen_count")),
                readPositions(row.getString("positions")), instant(row, "updated_at"));
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("snapshot.selection is not JSON", e);
        }
    }

    private Map<String, Long> readPositions(String json) {
        try {
            return mapper.readValue(json, new TypeReference<Map<String, Long>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("snapshot.positions is not JSON", e);
        }
    }

    private static String instant(ResultSet row, String column) throws SQLException {
        java.time.OffsetDateTime value = row.getObject(column, java.time.OffsetDateTime.class);
        return value == null ? null : java.time.Instant.ofEpochMilli(value.toInstant().toEpochMilli()).toString();
    }

    private static Double nullableDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
