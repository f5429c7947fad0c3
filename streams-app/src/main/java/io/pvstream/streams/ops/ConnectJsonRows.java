package io.pvstream.streams.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.schemas.ops.OpsTables.Column;
import io.pvstream.schemas.ops.OpsTables.Table;

/**
 * Renders a buffered row as the key and value the JDBC sink connector applies: Kafka Connect's
 * JsonConverter format with schemas enabled, {@code {"schema":{...},"payload":{...}}}. The key holds the
 * primary-key columns (the sink's {@code primary.key.mode=record_key}); the value holds every column of the
 * table in {@link OpsTables} order, so an absent optional column is written as SQL NULL rather than left
 * untouched by the upsert.
 *
 * <p>A row that does not fit its table (unknown table or column, missing required value, wrong type) is
 * refused with {@link IllegalArgumentException}: the sink would only fail later, after its retries.
 * Pure and thread-safe.
 */
public final class ConnectJsonRows {

    /** Logical type name Connect uses for a timestamp carried as epoch milliseconds in an int64. */
    static final String CONNECT_TIMESTAMP = "org.apache.kafka.connect.data.Timestamp";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Key and value of one apply record, as JSON text. */
    public record ConnectRecord(String table, String keyJson, String valueJson) {
    }

    private ConnectJsonRows() {
    }

    /** The apply record of {@code row}; IllegalArgumentException if it does not fit its table. */
    public static ConnectRecord of(OpsRow row) {
        Table table = OpsTables.byName(row.getTable());
        Map<String, Object> columns = row.getColumns();
        Set<String> unknown = new TreeSet<>(columns.keySet());
        table.columns().forEach(column -> unknown.remove(column.name()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("table " + table.name() + " has no columns " + unknown);
        }
        List<Column> keyColumns = table.primaryKey().stream().map(table::column).toList();
        return new ConnectRecord(table.name(),
                write(envelope(keyColumns, columns, table.name())),
                write(envelope(table.columns(), columns, table.name())));
    }

    private static ObjectNode envelope(List<Column> fields, Map<String, Object> columns, String table) {
        ObjectNode schema = NODES.objectNode().put("type", "struct");
        ArrayNode schemaFields = schema.putArray("fields");
        schema.put("optional", false);
        ObjectNode payload = NODES.objectNode();
        for (Column column : fields) {
            schemaFields.add(fieldSchema(column));
            putValue(payload, column, columns.get(column.name()), table);
        }
        ObjectNode envelope = NODES.objectNode();
        envelope.set("schema", schema);
        envelope.set("payload", payload);
        return envelope;
    }

    private static ObjectNode fieldSchema(Column column) {
        ObjectNode field = NODES.objectNode().put("field", column.name());
        switch (column.type()) {
            case STRING -> field.put("type", "string");
            case INT64 -> field.put("type", "int64");
            case FLOAT64 -> field.put("type", "double");
            case BOOLEAN -> field.put("type", "boolean");
            case TIMESTAMP -> field.put("type", "int64").put("name", CONNECT_TIMESTAMP).put("version", 1);
        }
        return field.put("optional", column.optional());
    }

    private static void putValue(ObjectNode payload, Column column, Object value, String table) {
        if (value == null) {
            if (!column.optional()) {
                throw new IllegalArgumentException("row of " + table + " has no value for required column "
                        + column.name());
            }
            payload.putNull(column.name());
            return;
        }
        String name = column.name();
        switch (column.type()) {
            case STRING -> payload.put(name, expect(value instanceof String, value, column, table).toString());
            case INT64, TIMESTAMP -> payload.put(name, ((Number) expect(isIntegral(value), value, column, table))
                    .longValue());
            case FLOAT64 -> payload.put(name, finiteDouble(value, column, table));
            case BOOLEAN -> payload.put(name, (Boolean) expect(value instanceof Boolean, value, column, table));
        }
    }

    /** Longs are accepted for a double column (1 for 1.0); NaN and infinities have no JSON form. */
    private static double finiteDouble(Object value, Column column, String table) {
        double number = ((Number) expect(value instanceof Double || isIntegral(value), value, column, table))
                .doubleValue();
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("column " + table + "." + column.name() + " cannot hold " + number);
        }
        return number;
    }

    private static boolean isIntegral(Object value) {
        return value instanceof Long || value instanceof Integer;
    }

    private static Object expect(boolean fits, Object value, Column column, String table) {
        if (!fits) {
            throw new IllegalArgumentException("column " + table + "." + column.name() + " is " + column.type()
                    + ", not " + value.getClass().getSimpleName() + " (" + value + ")");
        }
        return value;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }
}
