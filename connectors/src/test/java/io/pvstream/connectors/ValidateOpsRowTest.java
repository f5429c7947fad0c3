package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.schemas.ops.OpsTables.Column;
import io.pvstream.schemas.ops.OpsTables.Table;

/**
 * The SMT alone, topic already routed to the table name. Its records are made through Connect's own JsonConverter
 * from Connect JSON with schemas (the format ops.apply.&lt;table&gt; had before {@link OpsRowConverter}), which can
 * also make the ill-typed structs another converter or a hand-made record could bring.
 */
class ValidateOpsRowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ValidateOpsRow smt = new ValidateOpsRow();

    static Iterable<Table> tables() {
        return OpsTables.ALL;
    }

    @ParameterizedTest
    @MethodSource("tables")
    void aValidRowOfEveryTablePassesUnchanged(Table table) {
        SinkRecord record = record(table.name(), key(table), value(table));
        assertThat(smt.apply(record)).isSameAs(record);
    }

    @ParameterizedTest
    @MethodSource("tables")
    void nullOptionalColumnsAndATombstonePass(Table table) {
        ObjectNode value = value(table);
        table.columns().stream().filter(Column::optional).forEach(c -> payload(value).putNull(c.name()));
        assertThat(smt.apply(record(table.name(), key(table), value))).isNotNull();
        SinkRecord tombstone = record(table.name(), key(table), null);
        assertThat(smt.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void textWithANulCharacterIsRefused() {
        ObjectNode value = value(OpsTables.TAG);
        payload(value).put("name", "bad\u0000name");
        assertRefused(record("tag", key(OpsTables.TAG), value), "value.name", "NUL character");

        ObjectNode key = key(OpsTables.TAG);
        payload(key).put("id", "id\u0000");
        ObjectNode matching = value(OpsTables.TAG);
        payload(matching).put("id", "id\u0000");
        assertRefused(record("tag", key, matching), "key.id", "NUL character");
    }

    @Test
    void aRequiredColumnThatIsNullOrMissingIsRefused() {
        assertRefused(record("tag", key(OpsTables.TAG), change(OpsTables.TAG, v -> {
            optional(v, "tx_id");
            payload(v).putNull("tx_id");
        })), "value.tx_id: required, but null");
        assertRefused(record("tag", key(OpsTables.TAG), change(OpsTables.TAG, v -> remove(v, "name"))),
                "value: columns [name] missing");
    }

    @Test
    void aColumnOfTheWrongTypeIsRefused() {
        assertRefused(record("tag", key(OpsTables.TAG), change(OpsTables.TAG, v -> {
            field(v, "deleted").put("type", "string");
            payload(v).put("deleted", "no");
        })), "value.deleted: must be boolean, not string");
        // an int64 without the Timestamp logical type would be bound as bigint into timestamptz
        assertRefused(record("tag", key(OpsTables.TAG), change(OpsTables.TAG, v -> {
            field(v, "updated_at").remove("name");
            field(v, "updated_at").remove("version");
        })), "value.updated_at: must be int64 org.apache.kafka.connect.data.Timestamp, not int64");
        assertRefused(record("snapshot_value", key(OpsTables.SNAPSHOT_VALUE), change(OpsTables.SNAPSHOT_VALUE, v -> {
            field(v, "chunk").put("type", "double");
            payload(v).put("chunk", 1.5);
        })), "value.chunk: must be int64, not float64");
    }

    @Test
    void aTimestampPostgresCannotHoldIsRefused() {
        assertRefused(record("tag", key(OpsTables.TAG), change(OpsTables.TAG,
                v -> payload(v).put("updated_at", Long.MAX_VALUE / 2))), "value.updated_at: timestamp", "years 1 to 9999");
    }

    @Test
    void unknownColumnsAreRefused() {
        assertRefused(record("tag", key(OpsTables.TAG), change(OpsTables.TAG, v -> {
            fields(v).addObject().put("field", "colour").put("type", "string").put("optional", true);
            payload(v).put("colour", "red");
        })), "value: unknown columns [colour]");
    }

    @Test
    void aKeyThatIsNotThePrimaryKeyIsRefused() {
        ObjectNode byName = envelope();
        fields(byName).addObject().put("field", "name").put("type", "string").put("optional", false);
        payload(byName).put("name", "x");
        assertRefused(record("tag", byName, value(OpsTables.TAG)),
                "key: columns [id] missing (the key must be the primary key [id])", "key: not primary-key columns [name]");

        ObjectNode halfKey = key(OpsTables.CONFIGURATION_PV);
        remove(halfKey, "pv_name");
        assertRefused(record("configuration_pv", halfKey, value(OpsTables.CONFIGURATION_PV)), "key: columns [pv_name] missing");

        ObjectNode otherId = key(OpsTables.TAG);
        payload(otherId).put("id", "another");
        assertRefused(record("tag", otherId, value(OpsTables.TAG)), "key.id 'another' differs from value.id");
    }

    @Test
    void aMissingOrSchemalessKeyIsRefused() {
        assertRefused(record("tag", null, value(OpsTables.TAG)), "key: missing");
        assertRefused(record("tag", null, null), "key: missing");
        SinkRecord schemaless = new SinkRecord("tag", 0, null, Map.of("id", "x"), null, null, 0);
        assertRefused(schemaless, "key: must be a struct with a schema, not schemaless");
        SinkRecord stringKey = new SinkRecord("tag", 0, org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "x",
                null, null, 0);
        assertRefused(stringKey, "key: must be a struct with a schema, not STRING");
    }

    @Test
    void aTableThatIsNotAnOperationsTableIsRefused() {
        // e.g. the transform placed before the RegexRouter, or a topic the sink should not read
        assertRefused(record("ops.apply.tag", key(OpsTables.TAG), value(OpsTables.TAG)),
                "'ops.apply.tag' is not an operations table");
        assertRefused(record("pg_authid", key(OpsTables.TAG), value(OpsTables.TAG)), "not an operations table");
    }

    @Test
    void connectFindsItThroughItsServiceManifestAndTheSinkRunsItAfterTheRouter() {
        assertThat(ServiceLoader.load(Transformation.class).stream().map(ServiceLoader.Provider::type))
                .contains(ValidateOpsRow.class);
        Map<String, String> sink = ConnectorConfigs.load(ConnectorConfigs.OPS_JDBC_SINK, Map.of(
                "jdbc.url", "jdbc:postgresql://127.0.0.1:5432/pvstream", "jdbc.user", "u", "jdbc.password", "p",
                "topics.regex", "ops\\.apply\\..+", "topic.replication.factor", "1"));
        assertThat(sink).containsEntry("transforms", "table,validate")
                .containsEntry("transforms.validate.type", ValidateOpsRow.class.getName());
    }

    private void assertRefused(SinkRecord record, String... messageParts) {
        assertThatThrownBy(() -> smt.apply(record)).isInstanceOf(DataException.class)
                .hasMessageContaining("operations row for table '" + record.topic() + "' cannot be applied")
                .hasMessageContainingAll(messageParts);
    }

    // ---- records as Connect JSON with schemas, {"schema":..., "payload":...}, through JsonConverter ----

    private static SinkRecord record(String topic, ObjectNode keyJson, ObjectNode valueJson) {
        SchemaAndValue key = convert(keyJson, true);
        SchemaAndValue value = convert(valueJson, false);
        return new SinkRecord(topic, 0, key.schema(), key.value(), value.schema(), value.value(), 42);
    }

    private static SchemaAndValue convert(ObjectNode json, boolean isKey) {
        if (json == null) {
            return SchemaAndValue.NULL;
        }
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), isKey);
        return converter.toConnectData("t", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode key(Table table) {
        ObjectNode key = envelope();
        table.primaryKey().forEach(column -> addColumn(key, table.column(column)));
        return key;
    }

    private static ObjectNode value(Table table) {
        ObjectNode value = envelope();
        table.columns().forEach(column -> addColumn(value, column));
        return value;
    }

    private static ObjectNode change(Table table, Consumer<ObjectNode> edit) {
        ObjectNode value = value(table);
        edit.accept(value);
        return value;
    }

    private static ObjectNode envelope() {
        ObjectNode envelope = JSON.createObjectNode();
        ObjectNode schema = envelope.putObject("schema").put("type", "struct");
        schema.putArray("fields");
        schema.put("optional", false);
        envelope.putObject("payload");
        return envelope;
    }

    /** One column with its schema and a sample value of its type. */
    private static void addColumn(ObjectNode envelope, Column column) {
        ObjectNode field = fields(envelope).addObject().put("field", column.name());
        ObjectNode payload = payload(envelope);
        switch (column.type()) {
            case STRING -> {
                field.put("type", "string");
                payload.put(column.name(), "v-" + column.name());
            }
            case INT64 -> {
                field.put("type", "int64");
                payload.put(column.name(), 7L);
            }
            case FLOAT64 -> {
                field.put("type", "double");
                payload.put(column.name(), 0.5);
            }
            case BOOLEAN -> {
                field.put("type", "boolean");
                payload.put(column.name(), false);
            }
            case TIMESTAMP -> {
                field.put("type", "int64").put("name", "org.apache.kafka.connect.data.Timestamp").put("version", 1);
                payload.put(column.name(), 1_700_000_000_123L);
            }
        }
        field.put("optional", column.optional());
    }

    private static ArrayNode fields(ObjectNode envelope) {
        return (ArrayNode) envelope.path("schema").path("fields");
    }

    private static ObjectNode field(ObjectNode envelope, String name) {
        for (JsonNode field : fields(envelope)) {
            if (field.path("field").asText().equals(name)) {
                return (ObjectNode) field;
            }
        }
        throw new IllegalArgumentException("no field " + name);
    }

    private static ObjectNode payload(ObjectNode envelope) {
        return (ObjectNode) envelope.path("payload");
    }

    /** Makes a column optional in the schema, so the converter lets a null through to the SMT. */
    private static void optional(ObjectNode envelope, String name) {
        field(envelope, name).put("optional", true);
    }

    private static void remove(ObjectNode envelope, String name) {
        ArrayNode fields = fields(envelope);
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).path("field").asText().equals(name)) {
                fields.remove(i);
                break;
            }
        }
        payload(envelope).remove(name);
    }
}
