package io.pvstream.streams.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.avro.OpsCdcRow;
import io.pvstream.schemas.ops.OpsTables;

/**
 * Reads a Debezium PostgreSQL change event (JsonConverter, schemas disabled) of an operations table:
 * {@code {"before":..,"after":{columns},"source":{"table":..,"lsn":..,..},"op":"c|u|r|d","ts_ms":..}}.
 *
 * <p>Only events with an {@code after} image that carries {@code tx_id} and {@code entity_id} can confirm a
 * buffered transaction; everything else (deletes, tombstones, rows written outside pvstream, other tables,
 * unreadable JSON) yields nothing. Whether the transaction is still pending is decided later, by the task
 * that holds it. Pure and thread-safe.
 */
final class CdcEvents {

    private static final Logger log = LoggerFactory.getLogger(CdcEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private CdcEvents() {
    }

    /** The event keyed by its row's entity id, or nothing: the shape {@code flatMap} wants. */
    static List<KeyValue<String, OpsCdcRow>> byEntity(byte[] key, byte[] value) {
        return parse(value).map(row -> List.of(KeyValue.pair(row.getEntityId(), row))).orElse(List.of());
    }

    static Optional<OpsCdcRow> parse(byte[] value) {
        if (value == null) {
            return Optional.empty(); // the tombstone Debezium sends after a delete
        }
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (IOException e) {
            log.warn("ignoring a CDC event that is not JSON ({} bytes): {}", value.length, e.getMessage());
            return Optional.empty();
        }
        if (event == null || !event.isObject()) {
            return Optional.empty();
        }
        if (event.has("schema") && event.has("payload")) {
            event = event.get("payload"); // tolerate a converter left with schemas enabled
        }
        return parse(event);
    }

    private static Optional<OpsCdcRow> parse(JsonNode event) {
        JsonNode after = event.path("after");
        JsonNode source = event.path("source");
        String op = event.path("op").asText("");
        if (!after.isObject() || op.equals("d")) {
            return Optional.empty();
        }
        String tableName = source.path("table").asText("");
        OpsTables.Table table = OpsTables.ALL.stream().filter(t -> t.name().equals(tableName)).findFirst().orElse(null);
        String txId = text(after, OpsTables.TX_ID);
        String entityId = text(after, OpsTables.ENTITY_ID);
        if (table == null || txId == null || entityId == null) {
            log.debug("ignoring a CDC event of table '{}' without tx_id/entity_id", tableName);
            return Optional.empty();
        }
        List<String> primaryKey = new ArrayList<>();
        for (String column : table.primaryKey()) {
            String keyValue = text(after, column);
            if (keyValue == null) {
                log.warn("ignoring a CDC event of {} without primary key column {} (tx {})", tableName, column, txId);
                return Optional.empty();
            }
            primaryKey.add(keyValue);
        }
        return Optional.of(OpsCdcRow.newBuilder()
                .setTable(table.name())
                .setRowKey(RowKeys.of(table, primaryKey))
                .setTxId(txId)
                .setEntityId(entityId)
                .setOp(op)
                .setLsn(commitLsn(event))
                .setSeenNs(seenNs(event))
                .build());
    }

    /**
     * The WAL position that proves the row is durable and visible: the transaction's commit LSN.
     * {@code source.lsn} is the row change's own LSN, which precedes the commit record, so a replica
     * replayed up to it may not show the row yet. With {@code provide.transaction.metadata=true}
     * Debezium's Postgres connector names the transaction {@code "<xid>:<commit LSN>"}; without it we
     * fall back to {@code source.lsn}.
     */
    static Long commitLsn(JsonNode event) {
        String transactionId = event.path("transaction").path("id").asText("");
        int colon = transactionId.lastIndexOf(':');
        if (colon > 0) {
            try {
                return Long.parseLong(transactionId.substring(colon + 1));
            } catch (NumberFormatException e) {
                log.debug("transaction id without a numeric LSN: {}", transactionId);
            }
        }
        JsonNode lsn = event.path("source").path("lsn");
        return lsn.isIntegralNumber() ? lsn.asLong() : null;
    }

    /** Debezium 3 sends ts_ns and ts_us beside ts_ms; take the finest there is. */
    private static Long seenNs(JsonNode event) {
        if (event.path("ts_ns").isIntegralNumber()) {
            return event.get("ts_ns").asLong();
        }
        if (event.path("ts_us").isIntegralNumber()) {
            return event.get("ts_us").asLong() * 1_000L;
        }
        if (event.path("ts_ms").isIntegralNumber()) {
            return event.get("ts_ms").asLong() * 1_000_000L;
        }
        return null;
    }

    private static String text(JsonNode row, String column) {
        JsonNode node = row.get(column);
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }
}
