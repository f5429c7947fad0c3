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

/** Configurations read from PostgreSQL (tables {@code configuration} and {@code configuration_pv}). */
public final class JdbcConfigurations implements ConfirmedRows<Configuration> {

    private static final int FETCH_SIZE = 5_000; // stream a 100 000-PV configuration instead of loading it whole

    private final OpsDatabase database;

    public JdbcConfigurations(OpsDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<Found<Configuration>> find(String id) {
        OpsDatabase.Read<Optional<Found<Configuration>>> read = database.read(connection -> find(connection, id));
        return read.value().map(found -> new Found<>(found.entity(), found.deleted(), read.source()));
    }

    @Override
    public Listed<Configuration> list(ListQuery query) {
        OpsDatabase.Read<List<Configuration>> read = database.read(connection -> list(connection, query));
        return new Listed<>(read.value(), read.source());
    }

    private static Optional<Found<Configuration>> find(Connection connection, String id) throws SQLException {
        String name;
        String description;
        String updatedAt;
        String txId;
        boolean deleted;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, description, deleted, updated_at, tx_id FROM configuration WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                name = row.getString("name");
                description = row.getString("description");
                deleted = row.getBoolean("deleted");
                updatedAt = ListSql.instant(row, "updated_at");
                txId = row.getString("tx_id");
            }
        }
        List<ConfigurationPv> pvs = pvs(connection, id);
        // ConfirmedSource is set by the caller, which knows where the read ran
        return Optional.of(new Found<>(new Configuration(id, txId, name, description, updatedAt, pvs.size(), pvs),
                deleted, ConfirmedSource.PRIMARY));
    }

    private static List<ConfigurationPv> pvs(Connection connection, String id) throws SQLException {
        List<ConfigurationPv> pvs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT pv_name, tolerance_abs, tolerance_rel,"
                + " read_only FROM configuration_pv WHERE configuration_id = ? AND NOT deleted ORDER BY pv_name")) {
            select.setString(1, id);
            select.setFetchSize(FETCH_SIZE);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    pvs.add(new ConfigurationPv(row.getString("pv_name"), ListSql.nullableDouble(row, "tolerance_abs"),
                            ListSql.nullableDouble(row, "tolerance_rel"), row.getBoolean("read_only")));
                }
            }
        }
        return pvs;
    }

    private static List<Configuration> list(Connection connection, ListQuery query) throws SQLException {
        List<Configuration> page = new ArrayList<>();
        try (PreparedStatement select = ListSql.prepare(connection, "t.id, t.tx_id, t.name, t.description,"
                + " t.updated_at, (SELECT count(*) FROM configuration_pv p WHERE p.configuration_id = t.id"
                + " AND NOT p.deleted) AS pv_count", "configuration", query);
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                page.add(new Configuration(row.getString("id"), row.getString("tx_id"), row.getString("name"),
                        row.getString("description"), ListSql.instant(row, "updated_at"),
                        Math.toIntExact(row.getLong("pv_count")), null));
            }
        }
        return page;
    }
}
