package io.pvstream.connectors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.schemas.ops.OpsTables.Column;
import io.pvstream.schemas.ops.OpsTables.ColumnType;
import io.pvstream.schemas.ops.OpsTables.Table;

/**
 * Whether an apply record (table name, Connect key and value) is one the JDBC sink can write to the
 * operations tables of {@link OpsTables}: the things PostgreSQL or the sink would refuse in {@code put()},
 * where Connect's error handling does not reach. Pure and thread-safe.
 *
 * <p>What a record must be: a known table; a key that is a struct of exactly the table's primary-key
 * columns, non-null; a value (unless null, a tombstone) that is a struct of exactly the table's columns,
 * each with the Connect type {@link OpsTables} gives it (a TIMESTAMP column is an int64
 * {@link Timestamp}), required columns non-null, key columns equal to the key; no text with a NUL
 * character (PostgreSQL {@code text} cannot hold one); timestamps within the years 1 to 9999.
 */
final class OpsRowRules {

    /** More problems than this in one record are counted, not listed: one is enough to refuse it. */
    static final int MAX_REPORTED = 5;
    /** The range any timestamp binding handles; an operations record outside it is garbage anyway. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private OpsRowRules() {
    }

    /** The problems of one record, empty if the sink can apply it. */
    static List<String> problems(String table, Schema keySchema, Object key, Schema valueSchema, Object value) {
        Table opsTable;
        try {
            opsTable = OpsTables.byName(table);
        } catch (IllegalArgumentException e) {
            return List.of("'" + table + "' is not an operations table (known: "
                    + OpsTables.ALL.stream().map(Table::name).toList() + ")");
        }
        List<String> problems = new ArrayList<>();
        Struct keyStruct = struct("key", keySchema, key, problems);
        if (keyStruct != null) {
            checkFields("key", keyStruct, opsTable, new TreeSet<>(opsTable.primaryKey()), problems);
        }
        if (value == null) {
            return problems; // tombstone: a delete by key
        }
        Struct valueStruct = struct("value", valueSchema, value, problems);
        if (valueStruct != null) {
            Set<String> columns = new TreeSet<>(opsTable.columns().stream().map(Column::name).toList());
            checkFields("value", valueStruct, opsTable, columns, problems);
            if (keyStruct != null && problems.isEmpty()) {
                checkKeyMatchesValue(keyStruct, valueStruct, opsTable, problems);
            }
        }
        return problems;
    }

    /** {@link #problems} as one exception message, or nothing. */
    static void check(String table, Schema keySchema, Object key, Schema valueSchema, Object value) {
        List<String> problems = problems(table, keySchema, key, valueSchema, value);
        if (problems.isEmpty()) {
            return;
        }
        String listed = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_REPORTED)));
        String more = problems.size() > MAX_REPORTED ? "; and " + (problems.size() - MAX_REPORTED) + " more" : "";
        throw new DataException("operations row for table '" + table + "' cannot be applied: " + listed + more);
    }

    private static Struct struct(String part, Schema schema, Object object, List<String> problems) {
        if (object == null) {
            problems.add(part + ": missing (the sink upserts by the primary key in the record key)");
            return null;
        }
        if (schema == null || schema.type() != Schema.Type.STRUCT || !(object instanceof Struct struct)) {
            problems.add(part + ": must be a struct with a schema, not "
                    + (schema == null ? "schemaless " + object.getClass().getSimpleName() : schema.type()));
            return null;
        }
        return struct;
    }

    /** The struct has exactly {@code expected} fields, each typed, present and clean as its column says. */
    private static void checkFields(String part, Struct struct, Table table, Set<String> expected,
                                    List<String> problems) {
        Set<String> actual = new TreeSet<>();
        struct.schema().fields().forEach(field -> actual.add(field.name()));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> unknown = new TreeSet<>(actual);
        unknown.removeAll(expected);
        if (!missing.isEmpty()) {
            problems.add(part + ": columns " + missing + " missing"
                    + ("key".equals(part) ? " (the key must be the primary key " + table.primaryKey() + ")" : ""));
        }
        if (!unknown.isEmpty()) {
            problems.add(part + ": " + ("key".equals(part) ? "not primary-key columns " : "unknown columns ")
                    + unknown);
        }
        for (Field field : struct.schema().fields()) {
            if (expected.contains(field.name())) {
                checkField(part, field, struct.get(field), table.column(field.name()),
                        "key".equals(part) || !table.column(field.name()).optional(), problems);
            }
        }
    }

    private static void checkField(String part, Field field, Object value, Column column, boolean required,
                                   List<String> problems) {
        String where = part + "." + column.name();
        if (!hasType(field.schema(), column.type())) {
            problems.add(where + ": must be " + connectType(column.type()) + ", not " + describe(field.schema()));
            return;
        }
        if (value == null) {
            if (required) {
                problems.add(where + ": required, but null");
            }
            return;
        }
        try {
            ConnectSchema.validateValue(field.name(), field.schema(), value);
        } catch (DataException e) {
            problems.add(where + ": " + e.getMessage());
            return;
        }
        if (value instanceof String text && text.indexOf('\0') >= 0) {
            problems.add(where + ": text contains a NUL character (\\u0000), which PostgreSQL text cannot hold");
        }
        if (value instanceof Date date && (date.toInstant().isBefore(EARLIEST) || date.toInstant().isAfter(LATEST))) {
            problems.add(where + ": timestamp " + date.getTime() + " ms is outside the years 1 to 9999");
        }
    }

    private static void checkKeyMatchesValue(Struct key, Struct value, Table table, List<String> problems) {
        for (String column : table.primaryKey()) {
            if (!Objects.equals(key.get(column), value.get(column))) {
                problems.add("key." + column + " '" + key.get(column) + "' differs from value." + column + " '"
                        + value.get(column) + "'");
            }
        }
    }

    /** What the sink binds: the logical name matters (an int64 Timestamp is written as timestamptz). */
    private static boolean hasType(Schema schema, ColumnType type) {
        return switch (type) {
            case STRING -> schema.type() == Schema.Type.STRING && schema.name() == null;
            case INT64 -> schema.type() == Schema.Type.INT64 && schema.name() == null;
            case FLOAT64 -> schema.type() == Schema.Type.FLOAT64 && schema.name() == null;
            case BOOLEAN -> schema.type() == Schema.Type.BOOLEAN && schema.name() == null;
            case TIMESTAMP -> schema.type() == Schema.Type.INT64 && Timestamp.LOGICAL_NAME.equals(schema.name());
        };
    }

    private static String connectType(ColumnType type) {
        return switch (type) {
            case STRING -> "string";
            case INT64 -> "int64";
            case FLOAT64 -> "float64";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "int64 " + Timestamp.LOGICAL_NAME;
        };
    }

    private static String describe(Schema schema) {
        return schema.type().getName() + (schema.name() == null ? "" : " " + schema.name());
    }
}
