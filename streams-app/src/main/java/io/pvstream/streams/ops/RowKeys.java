package io.pvstream.streams.ops;

import java.util.List;
import java.util.Map;

import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;

/**
 * The name of one row of an operations table, {@code table/pk1[/pk2...]}: how a buffered row and its CDC
 * event are matched. Both sides must render primary-key values the same way, so both come through here.
 *
 * <p>Primary keys of the operations tables are strings (UUIDs, PV names). A numeric or boolean key would
 * render the same from Avro and from Debezium's JSON; a TIMESTAMP key would not (Debezium sends micros or
 * an ISO string), so no table may have one.
 */
final class RowKeys {

    private RowKeys() {
    }

    /** The row key of a buffered row; IllegalArgumentException if the table is unknown or a key is missing. */
    static String of(OpsRow row) {
        OpsTables.Table table = OpsTables.byName(row.getTable());
        Map<String, Object> columns = row.getColumns();
        return of(table, table.primaryKey().stream().map(column -> {
            Object value = columns.get(column);
            if (value == null) {
                throw new IllegalArgumentException("row of " + table.name() + " has no primary key column " + column);
            }
            return value.toString();
        }).toList());
    }

    static String of(OpsTables.Table table, List<String> primaryKeyValues) {
        return table.name() + "/" + String.join("/", primaryKeyValues);
    }
}
