package io.pvstream.query.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.streams.ops.ApplyRows;

/** Checks that rows fit {@link OpsTables} exactly, and that streams-app's sink rendering accepts them. */
final class RowAssertions {

    private RowAssertions() {
    }

    static void assertFitsItsTable(OpsRow row, String txId, String entityId) {
        OpsTables.Table table = OpsTables.byName(row.getTable());
        assertThat(row.getColumns().keySet()).as("columns of " + table.name())
                .containsExactlyInAnyOrderElementsOf(table.columns().stream().map(OpsTables.Column::name).toList());
        for (OpsTables.Column column : table.columns()) {
            Object value = row.getColumns().get(column.name());
            if (value == null) {
                assertThat(column.optional()).as(table.name() + "." + column.name() + " is required").isTrue();
                continue;
            }
            Class<?> expected = switch (column.type()) {
                case STRING -> String.class;
                case INT64, TIMESTAMP -> Long.class;
                case FLOAT64 -> Double.class;
                case BOOLEAN -> Boolean.class;
            };
            assertThat(value).as(table.name() + "." + column.name()).isInstanceOf(expected);
        }
        assertThat(row.getColumns().get(OpsTables.TX_ID)).isEqualTo(txId);
        assertThat(row.getColumns().get(OpsTables.ENTITY_ID)).isEqualTo(entityId);
        ApplyRows.of(row); // throws if the sink's rendering refuses it
    }

    static void assertAllFit(List<OpsRow> rows, String txId, String entityId) {
        rows.forEach(row -> assertFitsItsTable(row, txId, entityId));
    }

    static OpsRow pvRow(List<OpsRow> rows, String pvName) {
        return rows.stream().filter(row -> row.getTable().equals(OpsTables.CONFIGURATION_PV.name())
                        && pvName.equals(row.getColumns().get("pv_name")))
                .findFirst().orElseThrow(() -> new AssertionError("no configuration_pv row for " + pvName));
    }
}
