package io.pvstream.connectors.archive;

import java.io.IOException;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value converter of the archive JDBC sink: a {@code pv.archive} record is one plain JSON object, a row of
 * {@code pv_archive} (written by the Streams app's archive branch), and this gives it the table's Connect schema.
 *
 * <p>Why not the stock {@code JsonConverter} with schemas: it needs the schema inside every record. At one record per
 * archived update that was ~900 of each record's ~1,200 bytes, carried through the broker and parsed again by the
 * worker for each record; the schema is fixed, so it lives here once. Rows stay readable JSON for any other consumer
 * (kcat, kafka-console-consumer) too.
 *
 * <p>{@code sample_time} is a Debezium {@code ZonedTimestamp} (ISO-8601 text, bound as {@code timestamptz}):
 * Connect's own {@code Timestamp} is milliseconds, PostgreSQL keeps microseconds. A record that is not such a row
 * raises {@link DataException}, so Connect's {@code errors.tolerance} sends it to the dead letter queue.
 */
public final class ArchiveRowConverter implements Converter {

    public static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";

    /** The columns of {@code pv_archive}, in table order. */
    public static final Schema ROW = SchemaBuilder.struct().name("pv_archive")
            .field("pv_name", Schema.STRING_SCHEMA)
            .field("sample_time", SchemaBuilder.string().name(ZONED_TIMESTAMP).version(1).build())
            .field("sample_ns", Schema.INT64_SCHEMA)
            .field("changes", Schema.STRING_SCHEMA)
            .field("value_kind", Schema.OPTIONAL_STRING_SCHEMA)
            .field("value_num", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("value_text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("value_json", Schema.OPTIONAL_STRING_SCHEMA)
            .field("severity", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("connected", Schema.BOOLEAN_SCHEMA)
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (isKey) {
            throw new IllegalArgumentException("ArchiveRowConverter converts pv.archive values, not keys");
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL; // a tombstone: the sink does not delete (delete.enabled=false)
        }
        JsonNode row;
        try {
            row = JSON.readTree(value);
        } catch (IOException e) {
            throw new DataException("a " + topic + " record is not JSON: " + e.getMessage(), e);
        }
        if (row == null || !row.isObject()) {
            throw new DataException("a " + topic + " record is not a JSON object");
        }
        Struct struct = new Struct(ROW)
                .put("pv_name", requiredText(row, "pv_name"))
                .put("sample_time", requiredText(row, "sample_time"))
                .put("sample_ns", required(row, "sample_ns").asLong())
                .put("changes", requiredText(row, "changes"))
                .put("value_kind", text(row, "value_kind"))
                .put("value_num", row.path("value_num").isNumber() ? row.get("value_num").doubleValue() : null)
                .put("value_text", text(row, "value_text"))
                .put("value_json", text(row, "value_json"))
                .put("severity", text(row, "severity"))
                .put("status", text(row, "status"))
                .put("connected", required(row, "connected").asBoolean());
        struct.validate();
        return new SchemaAndValue(ROW, struct);
    }

    /** The same JSON object back (the sink never calls it; for completeness and tests). */
    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Struct struct)) {
            throw new DataException("ArchiveRowConverter writes pv_archive structs, not " + value.getClass());
        }
        ObjectNode row = JSON.createObjectNode();
        ROW.fields().forEach(field -> row.putPOJO(field.name(), struct.get(field.name())));
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new DataException("cannot write a pv_archive row", e);
        }
    }

    private static JsonNode required(JsonNode row, String field) {
        JsonNode node = row.get(field);
        if (node == null || node.isNull()) {
            throw new DataException("a pv.archive row without " + field + ": " + row);
        }
        return node;
    }

    private static String requiredText(JsonNode row, String field) {
        return required(row, field).asText();
    }

    private static String text(JsonNode row, String field) {
        JsonNode node = row.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
