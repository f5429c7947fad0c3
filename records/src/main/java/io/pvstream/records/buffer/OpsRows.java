package io.pvstream.records.buffer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;

/**
 * Builds rows that fit their table exactly: every column of {@link OpsTables} present (an absent optional value
 * as null, so the upsert clears it) and no other. A row that does not fit is a bug here, caught before it
 * reaches Kafka, where it would only fail in the JDBC sink after its retries.
 */
public final class OpsRows {

    private OpsRows() {
    }

    public static OpsRow row(OpsTables.Table table, Map<String, Object> values) {
        Map<String, Object> columns = new LinkedHashMap<>(table.columns().size() * 4 / 3 + 1);
        for (OpsTables.Column column : table.columns()) {
            if (!values.containsKey(column.name())) {
                throw new IllegalStateException("row of " + table.name() + " lacks column " + column.name());
            }
            Object value = values.get(column.name());
            if (value == null && !column.optional()) {
                throw new IllegalStateException("row of " + table.name() + " has no value for " + column.name());
            }
            columns.put(column.name(), value);
        }
        // every column was found, so any other key is one the table lacks (a snapshot writes 40,000 rows: no set
        // of the keys per row unless one is wrong)
        if (values.size() != columns.size()) {
            Set<String> unknown = new TreeSet<>(values.keySet());
            unknown.removeAll(columns.keySet());
            throw new IllegalStateException("table " + table.name() + " has no columns " + unknown);
        }
        return new OpsRow(table.name(), columns);
    }
}
