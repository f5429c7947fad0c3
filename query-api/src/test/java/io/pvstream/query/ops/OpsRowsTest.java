package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.records.buffer.OpsRows;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;

class OpsRowsTest {

    private static Map<String, Object> tag() {
        Map<String, Object> values = new HashMap<>();
        values.put("entity_id", "t-1");
        values.put("tx_id", "x-1");
        values.put("updated_at", 1_700_000_000_123L);
        values.put("deleted", false);
        values.put("description", null);
        values.put("name", "golden");
        values.put("id", "t-1");
        return values;
    }

    @Test
    void aRowHasEveryColumnInTableOrder() {
        OpsRow row = OpsRows.row(OpsTables.TAG, tag());

        assertThat(row.getTable()).isEqualTo("tag");
        assertThat(row.getColumns().keySet()).containsExactlyElementsOf(
                OpsTables.TAG.columns().stream().map(OpsTables.Column::name).toList());
        assertThat(row.getColumns()).containsEntry("description", null).containsEntry("name", "golden");
    }

    @Test
    void aRowThatDoesNotFitItsTableIsABugCaughtHere() {
        Map<String, Object> missing = tag();
        missing.remove("description");
        Map<String, Object> nullRequired = tag();
        nullRequired.put("name", null);
        Map<String, Object> unknown = tag();
        unknown.put("colour", "red");
        unknown.put("shape", "round");

        assertThatThrownBy(() -> OpsRows.row(OpsTables.TAG, missing)).hasMessageContaining("lacks column description");
        assertThatThrownBy(() -> OpsRows.row(OpsTables.TAG, nullRequired)).hasMessageContaining("no value for name");
        assertThatThrownBy(() -> OpsRows.row(OpsTables.TAG, unknown))
                .hasMessageContaining("table tag has no columns [colour, shape]");
    }
}
