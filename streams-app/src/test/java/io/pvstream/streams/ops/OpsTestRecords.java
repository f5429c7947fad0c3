package io.pvstream.streams.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;

/** Small, valid operations transactions and the Debezium events their rows cause. */
final class OpsTestRecords {

    static final long T0_MS = 1_700_000_000_000L;
    static final long T0_NS = T0_MS * 1_000_000L;
    static final long UPDATED_AT_MS = 1_700_000_000_123L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpsTestRecords() {
    }

    /** A configuration with one row in {@code configuration} and one per PV in {@code configuration_pv}. */
    static OpsTransaction configurationTx(String entityId, String txId, long bufferedNs, String... pvNames) {
        List<OpsRow> rows = new ArrayList<>();
        rows.add(new OpsRow("configuration", configurationColumns(entityId, txId)));
        for (String pv : pvNames) {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("configuration_id", entityId);
            columns.put("pv_name", pv);
            columns.put("tolerance_abs", 0.5);
            columns.put("tolerance_rel", null);
            columns.put("read_only", false);
            columns.put("deleted", false);
            columns.put("tx_id", txId);
            columns.put("entity_id", entityId);
            rows.add(new OpsRow("configuration_pv", columns));
        }
        return tx("configuration", entityId, txId, bufferedNs, rows);
    }

    static Map<String, Object> configurationColumns(String entityId, String txId) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", entityId);
        columns.put("name", "orbit");
        columns.put("description", null);
        columns.put("deleted", false);
        columns.put("updated_at", UPDATED_AT_MS);
        columns.put("tx_id", txId);
        columns.put("entity_id", entityId);
        return columns;
    }

    static OpsTransaction tx(String type, String entityId, String txId, long bufferedNs, List<OpsRow> rows) {
        return OpsTransaction.newBuilder().setTxId(txId).setEntityType(type).setEntityId(entityId)
                .setOperation(OpsOperation.CREATE).setBufferedNs(bufferedNs).setAuthor("operator")
                .setEntityJson("{\"id\":\"" + entityId + "\"}").setRows(rows).build();
    }

    /** The change event Debezium (pgoutput, JsonConverter without schemas) writes for {@code row}. */
    static String cdcEvent(OpsRow row, String op, long lsn, long tsMs) {
        ObjectNode event = JSON.createObjectNode();
        event.putNull("before");
        ObjectNode after = event.putObject("after");
        row.getColumns().forEach((column, value) -> after.set(column, JSON.valueToTree(value)));
        if (row.getColumns().containsKey("updated_at")) {
            after.put("updated_at", "2023-11-14T22:13:20.123Z"); // Debezium's ZonedTimestamp: not what we wrote
        }
        ObjectNode source = event.putObject("source");
        source.put("version", "3.4.3.Final").put("connector", "postgresql").put("name", "ops")
                .put("ts_ms", tsMs).put("snapshot", op.equals("r") ? "true" : "false").put("db", "pvstream")
                .put("schema", "public").put("table", row.getTable()).put("txId", 771).put("lsn", lsn)
                .putNull("xmin");
        event.put("op", op);
        event.put("ts_ms", tsMs);
        event.putNull("transaction");
        return event.toString();
    }
}
