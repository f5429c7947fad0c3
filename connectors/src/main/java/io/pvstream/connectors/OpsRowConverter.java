package io.pvstream.connectors;

import java.io.IOException;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.schemas.ops.OpsTables.Column;
import io.pvstream.schemas.ops.OpsTables.Table;

/**
 * The key and value converter of the operations JDBC sink: an {@code ops.apply.<table>} record is a plain JSON object
 * of the row's columns (the key: its primary-key columns; a timestamp: epoch milliseconds), written by the Streams
 * app, and this gives it the table's Connect schema from {@link OpsTables}, the one definition of the tables.
 *
 * <p>Why not the stock {@code JsonConverter} with schemas: it needs the schema inside every record. For a snapshot's
 * value row that was four fifths of its ~2,500 bytes, 40,000 rows per snapshot, carried through the broker and
 * parsed again by the worker for each record. Records written that way before are still read: their
 * {@code payload} is the row (the schema they carry is not needed).
 *
 * <p>A record that does not fit its table (unknown table or column, a missing required value, a wrong type) raises
 * {@link DataException}, so Connect's {@code errors.tolerance} sends it to the dead letter queue.
 */
public final class OpsRowConverter implements Converter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private boolean isKey;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
    }

    /** The Connect schema of a table's key (its primary-key columns) or value (every column, in table order). */
    public static Schema schemaOf(Table table, boolean key) {
        SchemaBuilder struct = SchemaBuilder.struct();
        for (Column column : key ? table.primaryKey().stream().map(table::column).toList() : table.columns()) {
            SchemaBuilder field = switch (column.type()) {
                case STRING -> SchemaBuilder.string();
                case INT64 -> SchemaBuilder.int64();
                case FLOAT64 -> SchemaBuilder.float64();
                case BOOLEAN -> SchemaBuilder.bool();
                case TIMESTAMP -> Timestamp.builder();
            };
            struct.field(column.name(), column.optional() && !key ? field.optional().build() : field.build());
        }
        return struct.build();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] bytes) {
        if (bytes == null) {
            return SchemaAndValue.NULL; // a tombstone
        }
        Table table = tableOf(topic);
        Schema schema = schemas.computeIfAbsent(table.name(), name -> schemaOf(table, isKey));
        JsonNode row = parse(topic, bytes);
        Struct struct = new Struct(schema);
        for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (schema.field(field.getKey()) == null) {
                throw new DataException("the " + part() + " of a " + topic + " record has " + field.getKey() + ", "
                        + (isKey ? "not a column of the primary key " + table.primaryKey() + " of "
                        : "not a column of table ") + table.name());
            }
            struct.put(field.getKey(), value(table.column(field.getKey()), field.getValue(), topic));
        }
        try {
            struct.validate();
        } catch (DataException e) {
            throw new DataException("the " + part() + " of a " + topic + " record does not fit table "
                    + table.name() + ": " + e.getMessage(), e);
        }
        return new SchemaAndValue(schema, struct);
    }

    /** The same JSON object back (the sink never calls it; for completeness and tests). */
    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Struct struct)) {
            throw new DataException("OpsRowConverter writes operations rows as structs, not " + value.getClass());
        }
        ObjectNode row = JSON.createObjectNode();
        struct.schema().fields().forEach(field -> {
            Object column = struct.get(field);
            row.putPOJO(field.name(), column instanceof Date date ? date.getTime() : column);
        });
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new DataException("cannot write an operations row", e);
        }
    }

    private static Table tableOf(String topic) {
        if (topic == null || !topic.startsWith(Topics.OPS_APPLY_PREFIX)) {
            throw new DataException("OpsRowConverter reads " + Topics.OPS_APPLY_PREFIX + "<table> topics, not "
                    + topic);
        }
        try {
            return OpsTables.byName(topic.substring(Topics.OPS_APPLY_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new DataException(topic + " is not the topic of an operations table: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String topic, byte[] bytes) {
        JsonNode row;
        try {
            row = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new DataException("a " + part() + " of " + topic + " is not JSON: " + e.getMessage(), e);
        }
        if (row != null && row.has("schema") && row.has("payload")) {
            row = row.get("payload"); // Connect JSON with its schema, as written before
        }
        if (row == null || !row.isObject()) {
            throw new DataException("a " + part() + " of " + topic + " is not a JSON object");
        }
        return row;
    }

    private static Object value(Column column, JsonNode node, String topic) {
        if (node.isNull()) {
            return null; // validate() refuses it for a required column
        }
        boolean fits = switch (column.type()) {
            case STRING -> node.isTextual();
            case INT64, TIMESTAMP -> node.isIntegralNumber() && node.canConvertToLong();
            case FLOAT64 -> node.isNumber();
            case BOOLEAN -> node.isBoolean();
        };
        if (!fits) {
            throw new DataException("column " + column.name() + " of " + topic + " is " + column.type() + ", not "
                    + node.getNodeType() + " (" + node + ")");
        }
        return switch (column.type()) {
            case STRING -> node.textValue();
            case INT64 -> node.longValue();
            case TIMESTAMP -> new Date(node.longValue());
            case FLOAT64 -> node.doubleValue();
            case BOOLEAN -> node.booleanValue();
        };
    }

    private String part() {
        return isKey ? "key" : "value";
    }
}
