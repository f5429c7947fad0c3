package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;

class ApplyRowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpsRow configuration = new OpsRow("configuration",
            OpsTestRecords.configurationColumns("c-1", "t-1"));

    @Test
    void keyHoldsThePrimaryKeyColumns() {
        assertThat(ApplyRows.of(configuration).keyJson()).isEqualTo("{\"id\":\"c-1\"}");
    }

    @Test
    void valueHoldsEveryColumnOfTheTableInTableOrderWithoutASchema() throws Exception {
        String value = ApplyRows.of(configuration).valueJson();

        assertThat(value).isEqualTo("{\"id\":\"c-1\",\"name\":\"orbit\",\"description\":null,\"deleted\":false,"
                + "\"updated_at\":1700000000123,\"tx_id\":\"t-1\",\"entity_id\":\"c-1\"}");
        assertThat(JSON.readTree(value).fieldNames()).toIterable()
                .containsExactlyElementsOf(OpsTables.CONFIGURATION.columns().stream().map(OpsTables.Column::name).toList());
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

        ApplyRows.ApplyRecord record = ApplyRows.of(new OpsRow("configuration_pv", columns));

        assertThat(record.table()).isEqualTo("configuration_pv");
        assertThat(record.keyJson()).isEqualTo("{\"configuration_id\":\"c-1\",\"pv_name\":\"SR:C01:BPM1:X\"}");
        assertThat(record.valueJson()).isEqualTo("{\"configuration_id\":\"c-1\",\"pv_name\":\"SR:C01:BPM1:X\","
                + "\"tolerance_abs\":2.0,\"tolerance_rel\":null,\"read_only\":true,\"deleted\":false,\"tx_id\":\"t-1\","
                + "\"entity_id\":\"c-1\"}");
    }

    @Test
    void textIsEscapedAsJson() throws Exception {
        Map<String, Object> columns = new LinkedHashMap<>(OpsTestRecords.configurationColumns("c-1", "t-1"));
        columns.put("description", "quote \" backslash \\ newline \n tab \t µ");

        String value = ApplyRows.of(new OpsRow("configuration", columns)).valueJson();

        assertThat(JSON.readTree(value).path("description").asText()).isEqualTo(columns.get("description"));
    }

    @Test
    void rowsThatDoNotFitTheirTableAreRefused() {
        Map<String, Object> missingRequired = new LinkedHashMap<>(OpsTestRecords.configurationColumns("c-1", "t-1"));
        missingRequired.remove("name");
        Map<String, Object> unknownColumn = new LinkedHashMap<>(OpsTestRecords.configurationColumns("c-1", "t-1"));
        unknownColumn.put("colour", "red");
        Map<String, Object> wrongType = new LinkedHashMap<>(OpsTestRecords.configurationColumns("c-1", "t-1"));
        wrongType.put("deleted", "no");

        assertThatThrownBy(() -> ApplyRows.of(new OpsRow("configuration", missingRequired)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> ApplyRows.of(new OpsRow("configuration", unknownColumn)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> ApplyRows.of(new OpsRow("configuration", wrongType)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deleted");
        assertThatThrownBy(() -> ApplyRows.of(new OpsRow("snapshots", Map.of())))
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

        assertThatThrownBy(() -> ApplyRows.of(new OpsRow("configuration_pv", columns)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
