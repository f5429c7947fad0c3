package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;

class ConnectJsonRowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpsRow configuration = new OpsRow("configuration",
            OpsTestRecords.configurationColumns("c-1", "t-1"));

    @Test
    void keyHoldsThePrimaryKeyWithItsSchema() {
        assertThat(ConnectJsonRows.of(configuration).keyJson()).isEqualTo(
                "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"id\",\"type\":\"string\",\"optional\":false}],"
                        + "\"optional\":false},\"payload\":{\"id\":\"c-1\"}}");
    }

    @Test
    void valueHoldsEveryColumnOfTheTableInTableOrder() {
        assertThat(ConnectJsonRows.of(configuration).valueJson()).isEqualTo("{\"schema\":{\"type\":\"struct\",\"fields\":["
                + "{\"field\":\"id\",\"type\":\"string\",\"optional\":false},"
                + "{\"field\":\"name\",\"type\":\"string\",\"optional\":false},"
                + "{\"field\":\"description\",\"type\":\"string\",\"optional\":true},"
                + "{\"field\":\"deleted\",\"type\":\"boolean\",\"optional\":false},"
                + "{\"field\":\"updated_at\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\","
                + "\"version\":1,\"optional\":false},"
                + "{\"field\":\"tx_id\",\"type\":\"string\",\"optional\":false},"
                + "{\"field\":\"entity_id\",\"type\":\"string\",\"optional\":false}],\"optional\":false},"
                + "\"payload\":{\"id\":\"c-1\",\"name\":\"orbit\",\"description\":null,\"deleted\":false,"
                + "\"updated_at\":1700000000123,\"tx_id\":\"t-1\",\"entity_id\":\"c-1\"}}");
    }

    @Test
    void compositeKeyDoublesAndAbsentOptionalColumns() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("pv_name", "SR:C01:BPM1:X");
        columns.put("configuration_id", "c-1");
        columns.put("tolerance_abs", 2L); // a whole number is fine for a double column
        columns.put("read_only", true);
        columns.put("deleted", false);
        columns.put("tx_id", "t-1");
        columns.put("entity_id", "c-1");

        ConnectJsonRows.ConnectRecord record = ConnectJsonRows.of(new OpsRow("configuration_pv", columns));

        assertThat(record.table()).isEqualTo("configuration_pv");
        assertThat(record.keyJson()).endsWith(
                "\"payload\":{\"configuration_id\":\"c-1\",\"pv_name\":\"SR:C01:BPM1:X\"}}");
        assertThat(record.valueJson()).contains("{\"field\":\"tolerance_abs\",\"type\":\"double\",\"optional\":true}")
                .endsWith("\"payload\":{\"configuration_id\":\"c-1\",\"pv_name\":\"SR:C01:BPM1:X\",\"tolerance_abs\":2.0,"
                        + "\"tolerance_rel\":null,\"read_only\":true,\"deleted\":false,\"tx_id\":\"t-1\","
                        + "\"entity_id\":\"c-1\"}}");
    }

    /** The real contract: Connect's own converter, as the JDBC sink runs it, reads our records. */
    @Test
    void connectJsonConverterReadsThemAsStructsWithTheTableSchema() {
        ConnectJsonRows.ConnectRecord record = ConnectJsonRows.of(configuration);

        SchemaAndValue key = converter(true).toConnectData("ops.apply.configuration", bytes(record.keyJson()));
        SchemaAndValue value = converter(false).toConnectData("ops.apply.configuration", bytes(record.valueJson()));

        assertThat(key.schema().type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(key.schema().fields()).extracting(f -> f.name()).containsExactly("id");
        assertThat(((Struct) key.value()).getString("id")).isEqualTo("c-1");

        Schema schema = value.schema();
        OpsTables.Table table = OpsTables.CONFIGURATION;
        assertThat(schema.fields()).extracting(f -> f.name())
                .containsExactlyElementsOf(table.columns().stream().map(OpsTables.Column::name).toList());
        for (OpsTables.Column column : table.columns()) {
            assertThat(schema.field(column.name()).schema().isOptional()).as(column.name()).isEqualTo(column.optional());
        }
        assertThat(schema.field("updated_at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(schema.field("deleted").schema().type()).isEqualTo(Schema.Type.BOOLEAN);
        Struct row = (Struct) value.value();
        row.validate();
        assertThat(row.get("updated_at")).isEqualTo(new Date(OpsTestRecords.UPDATED_AT_MS));
        assertThat(row.get("description")).isNull();
        assertThat(row.getBoolean("deleted")).isFalse();
        assertThat(row.getString("tx_id")).isEqualTo("t-1");
    }

    /** And what Connect itself would write for that Struct is the same JSON, up to key order. */
    @Test
    void connectWritesTheSameJsonForTheStruct() throws Exception {
        ConnectJsonRows.ConnectRecord record = ConnectJsonRows.of(configuration);
        JsonConverter converter = converter(false);
        SchemaAndValue value = converter.toConnectData("t", bytes(record.valueJson()));

        byte[] written = converter.fromConnectData("t", value.schema(), value.value());

        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(record.valueJson()));
    }

    @Test
    void rowsThatDoNotFitTheirTableAreRefused() {
        Map<String, Object> missingRequired = new LinkedHashMap<>(OpsTestRecords.configurationColumns("c-1", "t-1"));
        missingRequired.remove("name");
        Map<String, Object> unknownColumn = new LinkedHashMap<>(OpsTestRecords.configurationColumns("c-1", "t-1"));
        unknownColumn.put("colour", "red");
        Map<String, Object> wrongType = new LinkedHashMap<>(OpsTestRecords.configurationColumns("c-1", "t-1"));
        wrongType.put("deleted", "no");

        assertThatThrownBy(() -> ConnectJsonRows.of(new OpsRow("configuration", missingRequired)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> ConnectJsonRows.of(new OpsRow("configuration", unknownColumn)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> ConnectJsonRows.of(new OpsRow("configuration", wrongType)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deleted");
        assertThatThrownBy(() -> ConnectJsonRows.of(new OpsRow("snapshots", Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshots");
    }

    @Test
    void nonFiniteDoublesAreRefused() {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("configuration_id", "c-1");
        columns.put("pv_name", "A");
        columns.put("tolerance_abs", Double.NaN);
        columns.put("read_only", false);
        columns.put("deleted", false);
        columns.put("tx_id", "t-1");
        columns.put("entity_id", "c-1");

        assertThatThrownBy(() -> ConnectJsonRows.of(new OpsRow("configuration_pv", columns)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), isKey);
        return converter;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
