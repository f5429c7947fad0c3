package io.pvstream.records.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a listing page, shared by the entity tables ({@code id}, {@code name}, {@code deleted}). Only the
 * conditions a query uses are in the statement, so PostgreSQL can walk the (name, id) index from the cursor.
 * Names and ids are {@code COLLATE "C"} columns: comparisons and {@code lower()} behave as {@link ListOrder}.
 */
public final class ListSql {

    private ListSql() {
    }

    /** Rows of {@code table} (alias {@code t}) for one page; {@code columns} may use the alias. */
    public static PreparedStatement prepare(Connection connection, String columns, String table, ListQuery query)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ").append(table)
                .append(" t WHERE NOT t.deleted");
        List<Object> parameters = new ArrayList<>();
        if (query.nameContains() != null && !query.nameContains().isEmpty()) {
            // lower() under the column's "C" collation folds ASCII letters only; the parameter gets the same
            sql.append(" AND strpos(lower(t.name), lower(CAST(? AS text) COLLATE \"C\")) > 0");
            parameters.add(query.nameContains());
        }
        if (query.after() != null) {
            sql.append(" AND (t.name, t.id) > (CAST(? AS text), CAST(? AS text))");
            parameters.add(query.after().name());
            parameters.add(query.after().id());
        }
        if (!query.excludedIds().isEmpty()) {
            sql.append(" AND NOT (t.id = ANY (?))");
            parameters.add(connection.createArrayOf("text", query.excludedIds().toArray()));
        }
        sql.append(" ORDER BY t.name, t.id LIMIT ?");
        parameters.add(query.limit());
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    /** A timestamptz column as the API shows it: ISO-8601 at millisecond precision, as the rows were written. */
    public static String instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : Instant.ofEpochMilli(value.toInstant().toEpochMilli()).toString();
    }

    /** A nullable double column. */
    public static Double nullableDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }
}
