package io.pvstream.records.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.records.buffer.ItemState;
import io.pvstream.records.db.OpsDatabase;
import io.pvstream.schemas.avro.AuditEvent;

/** The audit trail read from PostgreSQL (table {@code audit}; the replica if there is one, else the primary). */
public final class JdbcAuditLog implements AuditLog {

    private static final String COLUMNS = "id, at_ns, key_id, key_name, role, method, path, target_id, status,"
            + " remote_address, instance";

    private final OpsDatabase database;
    private final ObjectMapper mapper;

    public JdbcAuditLog(OpsDatabase database, ObjectMapper mapper) {
        this.database = database;
        this.mapper = mapper;
    }

    @Override
    public Page page(AuditCursor cursor, int limit) {
        OpsDatabase.Read<List<AuditEvent>> read = database.read(connection -> select(connection, cursor, limit + 1));
        List<AuditEvent> events = read.value();
        List<ObjectNode> items = new ArrayList<>();
        for (AuditEvent event : events.subList(0, Math.min(limit, events.size()))) {
            items.add(AuditRecords.view(event, mapper).put("state", ItemState.confirmedFrom(read.source()).json()));
        }
        String next = null;
        if (events.size() > limit) {
            AuditEvent last = events.get(limit - 1);
            next = new AuditCursor(last.getAtNs(), last.getId()).encode();
        }
        return new Page(items, next);
    }

    private static List<AuditEvent> select(Connection connection, AuditCursor cursor, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM audit"
                + (cursor == null ? "" : " WHERE (at_ns, id) < (?, ?)")
                + " ORDER BY at_ns DESC, id DESC LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            if (cursor != null) {
                select.setLong(index++, cursor.atNs());
                select.setString(index++, cursor.id());
            }
            select.setInt(index, limit);
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    events.add(AuditEvent.newBuilder()
                            .setId(row.getString("id"))
                            .setAtNs(row.getLong("at_ns"))
                            .setKeyId(row.getString("key_id"))
                            .setKeyName(row.getString("key_name"))
                            .setRole(row.getString("role"))
                            .setMethod(row.getString("method"))
                            .setPath(row.getString("path"))
                            .setTargetId(row.getString("target_id"))
                            .setStatus((int) row.getLong("status"))
                            .setRemoteAddress(row.getString("remote_address"))
                            .setInstance(row.getString("instance"))
                            .build());
                }
            }
            return events;
        }
    }
}
