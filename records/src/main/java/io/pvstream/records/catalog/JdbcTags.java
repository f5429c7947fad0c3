package io.pvstream.records.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.pvstream.records.buffer.ConfirmedRows;
import io.pvstream.records.db.ConfirmedSource;
import io.pvstream.records.db.ListQuery;
import io.pvstream.records.db.ListSql;
import io.pvstream.records.db.OpsDatabase;

/** Tags read from PostgreSQL (table {@code tag}). */
public final class JdbcTags implements ConfirmedRows<Tag> {

    private final OpsDatabase database;

    public JdbcTags(OpsDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<Found<Tag>> find(String id) {
        OpsDatabase.Read<Optional<Found<Tag>>> read = database.read(connection -> find(connection, id));
        return read.value().map(found -> new Found<>(found.entity(), found.deleted(), read.source()));
    }

    @Override
    public Listed<Tag> list(ListQuery query) {
        OpsDatabase.Read<List<Tag>> read = database.read(connection -> list(connection, query));
        return new Listed<>(read.value(), read.source());
    }

    private static Optional<Found<Tag>> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT t.id, t.tx_id, t.name, t.description, t.updated_at, t.deleted FROM tag t WHERE t.id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Found<>(tag(row), row.getBoolean("deleted"), ConfirmedSource.PRIMARY))
                        : Optional.empty();
            }
        }
    }

    private static List<Tag> list(Connection connection, ListQuery query) throws SQLException {
        List<Tag> page = new ArrayList<>();
        try (PreparedStatement select = ListSql.prepare(connection,
                "t.id, t.tx_id, t.name, t.description, t.updated_at", "tag", query);
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                page.add(tag(row));
            }
        }
        return page;
    }

    private static Tag tag(ResultSet row) throws SQLException {
        return new Tag(row.getString("id"), row.getString("tx_id"), row.getString("name"), row.getString("description"),
                ListSql.instant(row, "updated_at"));
    }
}
