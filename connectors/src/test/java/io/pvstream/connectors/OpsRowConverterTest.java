package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.ServiceLoader;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.schemas.ops.OpsTables.Column;
import io.pvstream.schemas.ops.OpsTables.Table;

/**
 * Records as the Streams app writes them to {@code ops.apply.<table>} (plain JSON objects of columns), read as the
 * operations sink reads them: typed from {@link OpsTables}, then through its row check ({@link ValidateOpsRow}).
 */
class OpsRowConverterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SNAPSHOT_VALUE_KEY = "{\"snapshot_id\":\"s-1\",\"pv_name\":\"SR:C01:BPM1:X\"}";
    private static final String SNAPSHOT_VALUE = "{\"snapshot_id\":\"s-1\",\"pv_name\":\"SR:C01:BPM1:X\",\"chunk\":0,"
            + "\"state\":\"ok\",\"value_kind\":\"double\",\"value_num\":1.5,\"value_text\":null,\"value_json\":null,"
            + "\"timestamp_ns\":1790000000123456789,\"severity\":\"NO_ALARM\",\"status\":\"NO_ALARM\","
            + "\"tolerance_abs\":null,\"tolerance_rel\":null,\"read_only\":false,\"deleted\":false,"
            + "\"tx_id\":\"t-1\",\"entity_id\":\"s-1\"}";

    private final OpsRowConverter keys = converter(true);
    private final OpsRowConverter values = converter(false);

    static Iterable<Table> tables() {
        return OpsTables.ALL;
    }

    @ParameterizedTest
    @MethodSource("tables")
    void everyTableGetsItsColumnsInOrderTypedAndTheRowCheckPassesIt(Table table) {
        SchemaAndValue key = keys.toConnectData("ops.apply." + table.name(), bytes(sample(table, true)));
        SchemaAndValue value = values.toConnectData("ops.apply." + table.name(), bytes(sample(table, false)));

        assertThat(key.schema().fields()).extracting(Field::name).containsExactlyElementsOf(table.primaryKey());
        assertThat(value.schema().fields()).extracting(Field::name)
                .containsExactlyElementsOf(table.columns().stream().map(Column::name).toList());
        for (Column column : table.columns()) {
            Schema schema = value.schema().field(column.name()).schema();
            assertThat(schema.isOptional()).as(column.name()).isEqualTo(column.optional());
            assertThat(schema.name()).as(column.name())
                    .isEqualTo(column.type() == OpsTables.ColumnType.TIMESTAMP ? Timestamp.LOGICAL_NAME : null);
        }
        SinkRecord record = new SinkRecord(table.name(), 0, key.schema(), key.value(), value.schema(), value.value(),
                1);
        assertThat(new ValidateOpsRow().apply(record)).isSameAs(record);
    }

    @Test
    void aSnapshotValueRowReadsAsTheSinkWritesIt() {
        Struct row = (Struct) values.toConnectData("ops.apply.snapshot_value", bytes(SNAPSHOT_VALUE)).value();
        Struct key = (Struct) keys.toConnectData("ops.apply.snapshot_value", bytes(SNAPSHOT_VALUE_KEY)).value();

        assertThat(key.getString("pv_name")).isEqualTo("SR:C01:BPM1:X");
        assertThat(row.getFloat64("value_num")).isEqualTo(1.5);
        assertThat(row.getInt64("timestamp_ns")).isEqualTo(1_790_000_000_123_456_789L);
        assertThat(row.getString("value_text")).isNull();
        assertThat(row.getBoolean("read_only")).isFalse();
    }

    @Test
    void timestampsAreEpochMillisecondsAndComeBackSo() throws Exception {
        String tag = "{\"id\":\"t-9\",\"name\":\"golden\",\"description\":null,\"deleted\":false,"
                + "\"updated_at\":1700000000123,\"tx_id\":\"t-1\",\"entity_id\":\"t-9\"}";
        SchemaAndValue value = values.toConnectData("ops.apply.tag", bytes(tag));

        assertThat(((Struct) value.value()).get("updated_at")).isEqualTo(new Date(1_700_000_000_123L));
        assertThat(JSON.readTree(values.fromConnectData("ops.apply.tag", value.schema(), value.value())))
                .isEqualTo(JSON.readTree(tag));
    }

    @Test
    void recordsWrittenBeforeWithTheirSchemaAreReadByTheirPayload() {
        String old = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"id\",\"type\":\"string\","
                + "\"optional\":false}],\"optional\":false},\"payload\":{\"id\":\"c-1\"}}";

        Struct key = (Struct) keys.toConnectData("ops.apply.configuration", bytes(old)).value();

        assertThat(key.getString("id")).isEqualTo("c-1");
    }

    @Test
    void rowsThatDoNotFitTheirTableAreDataErrorsForTheDeadLetterQueue() {
        ObjectNode unknown = (ObjectNode) read(SNAPSHOT_VALUE);
        unknown.put("colour", "red");
        ObjectNode missing = (ObjectNode) read(SNAPSHOT_VALUE);
        missing.remove("tx_id");
        ObjectNode wrongType = (ObjectNode) read(SNAPSHOT_VALUE);
        wrongType.put("chunk", "zero");

        assertRefused(values, "ops.apply.snapshot_value", unknown.toString(), "colour", "not a column of table");
        assertRefused(values, "ops.apply.snapshot_value", missing.toString(), "does not fit table snapshot_value",
                "tx_id");
        assertRefused(values, "ops.apply.snapshot_value", wrongType.toString(), "chunk", "INT64");
        assertRefused(keys, "ops.apply.snapshot_value", "{\"snapshot_id\":\"s-1\",\"chunk\":0}", "chunk",
                "primary key");
        assertRefused(values, "ops.apply.snapshot_value", "[1,2]", "not a JSON object");
        assertRefused(values, "ops.apply.snapshot_value", "{not json", "not JSON");
        assertRefused(values, "ops.apply.no_such_table", SNAPSHOT_VALUE, "not the topic of an operations table");
        assertRefused(values, "pv.archive", SNAPSHOT_VALUE, "reads ops.apply.<table> topics");
    }

    @Test
    void aTombstoneIsNull() {
        assertThat(values.toConnectData("ops.apply.tag", null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void connectFindsItThroughItsServiceManifestAndTheSinkUsesItForKeysAndValues() {
        assertThat(ServiceLoader.load(Converter.class).stream().map(ServiceLoader.Provider::type))
                .contains(OpsRowConverter.class);
        Map<String, String> sink = ConnectorConfigs.load(ConnectorConfigs.OPS_JDBC_SINK, Map.of(
                "jdbc.url", "jdbc:postgresql://127.0.0.1:5432/pvstream", "jdbc.user", "u", "jdbc.password", "p",
                "topics.regex", "ops\\.apply\\..+", "topic.replication.factor", "1"));
        assertThat(sink).containsEntry("key.converter", OpsRowConverter.class.getName())
                .containsEntry("value.converter", OpsRowConverter.class.getName());
    }

    /** A JSON object of every column (or the primary key's) with a value of its type. */
    private static String sample(Table table, boolean key) {
        ObjectNode row = JSON.createObjectNode();
        for (Column column : key ? table.primaryKey().stream().map(table::column).toList() : table.columns()) {
            switch (column.type()) {
                case STRING -> row.put(column.name(), "v-" + column.name());
                case INT64 -> row.put(column.name(), 7L);
                case FLOAT64 -> row.put(column.name(), 0.5);
                case BOOLEAN -> row.put(column.name(), false);
                case TIMESTAMP -> row.put(column.name(), 1_700_000_000_123L);
            }
        }
        return row.toString();
    }

    private static void assertRefused(OpsRowConverter converter, String topic, String json, String... messageParts) {
        assertThatThrownBy(() -> converter.toConnectData(topic, bytes(json))).isInstanceOf(DataException.class)
                .hasMessageContainingAll(messageParts);
    }

    private static OpsRowConverter converter(boolean isKey) {
        OpsRowConverter converter = new OpsRowConverter();
        converter.configure(Map.of(), isKey);
        return converter;
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
