package io.pvstream.schemas.ops;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The operations tables as Kafka sees them: the columns each buffered row carries and the Connect
 * schema the JDBC sink writes with. The SQL migrations (query-api, {@code db/migration}) create the
 * same tables; an end-to-end test checks the two agree.
 *
 * <p>Every table carries {@code tx_id} (the buffered transaction that last wrote the row, so its
 * CDC event confirms that transaction) and {@code entity_id} (the entity the row belongs to, the
 * key of {@code ops.tx}, so CDC events can be routed to the partition that holds the pending
 * entry). Deletes are soft ({@code deleted = true}): every change is an upsert with a tx_id.
 */
public final class OpsTables {

    /** Column types, named after the Connect schema types they travel as. */
    public enum ColumnType { STRING, INT64, FLOAT64, BOOLEAN, TIMESTAMP }

    public record Column(String name, ColumnType type, boolean optional) {
    }

    /** A table: its columns in order, looked up by name in constant time (the sink checks every field of a row). */
    public static final class Table {

        private final String name;
        private final List<Column> columns;
        private final List<String> primaryKey;
        private final Map<String, Column> byName;

        public Table(String name, List<Column> columns, List<String> primaryKey) {
            this.name = name;
            this.columns = List.copyOf(columns);
            this.primaryKey = List.copyOf(primaryKey);
            this.byName = this.columns.stream().collect(Collectors.toUnmodifiableMap(Column::name, Function.identity()));
        }

        public String name() {
            return name;
        }

        public List<Column> columns() {
            return columns;
        }

        public List<String> primaryKey() {
            return primaryKey;
        }

        public Column column(String column) {
            Column found = byName.get(column);
            if (found == null) {
                throw new IllegalArgumentException("table " + name + " has no column " + column);
            }
            return found;
        }

        public boolean has(String column) {
            return byName.containsKey(column);
        }

        @Override
        public String toString() {
            return "Table[" + name + "]";
        }
    }

    public static final String TX_ID = "tx_id";
    public static final String ENTITY_ID = "entity_id";
    public static final String DELETED = "deleted";

    public static final Table CONFIGURATION = new Table("configuration", List.of(
            required("id", ColumnType.STRING),
            required("name", ColumnType.STRING),
            optional("description", ColumnType.STRING),
            required(DELETED, ColumnType.BOOLEAN),
            required("updated_at", ColumnType.TIMESTAMP),
            required(TX_ID, ColumnType.STRING),
            required(ENTITY_ID, ColumnType.STRING)), List.of("id"));

    public static final Table CONFIGURATION_PV = new Table("configuration_pv", List.of(
            required("configuration_id", ColumnType.STRING),
            required("pv_name", ColumnType.STRING),
            optional("tolerance_abs", ColumnType.FLOAT64),
            optional("tolerance_rel", ColumnType.FLOAT64),
            required("read_only", ColumnType.BOOLEAN),
            required(DELETED, ColumnType.BOOLEAN),
            required(TX_ID, ColumnType.STRING),
            required(ENTITY_ID, ColumnType.STRING)), List.of("configuration_id", "pv_name"));

    public static final Table TAG = new Table("tag", List.of(
            required("id", ColumnType.STRING),
            required("name", ColumnType.STRING),
            optional("description", ColumnType.STRING),
            required(DELETED, ColumnType.BOOLEAN),
            required("updated_at", ColumnType.TIMESTAMP),
            required(TX_ID, ColumnType.STRING),
            required(ENTITY_ID, ColumnType.STRING)), List.of("id"));

    public static final Table SNAPSHOT = new Table("snapshot", List.of(
            required("id", ColumnType.STRING),
            required("name", ColumnType.STRING),
            optional("comment", ColumnType.STRING),
            required("taken_at", ColumnType.TIMESTAMP),
            optional("author", ColumnType.STRING),
            required("source", ColumnType.STRING),
            optional("as_of", ColumnType.TIMESTAMP),
            optional("configuration_id", ColumnType.STRING),
            required("selection", ColumnType.STRING),
            required("pv_count", ColumnType.INT64),
            required("chunk_count", ColumnType.INT64),
            required("ok_count", ColumnType.INT64),
            required("disconnected_count", ColumnType.INT64),
            required("never_seen_count", ColumnType.INT64),
            required("positions", ColumnType.STRING),
            required(DELETED, ColumnType.BOOLEAN),
            required("updated_at", ColumnType.TIMESTAMP),
            required(TX_ID, ColumnType.STRING),
            required(ENTITY_ID, ColumnType.STRING)), List.of("id"));

    public static final Table SNAPSHOT_TAG = new Table("snapshot_tag", List.of(
            required("snapshot_id", ColumnType.STRING),
            required("tag", ColumnType.STRING),
            required(DELETED, ColumnType.BOOLEAN),
            required(TX_ID, ColumnType.STRING),
            required(ENTITY_ID, ColumnType.STRING)), List.of("snapshot_id", "tag"));

    public static final Table SNAPSHOT_VALUE = new Table("snapshot_value", List.of(
            required("snapshot_id", ColumnType.STRING),
            required("pv_name", ColumnType.STRING),
            required("chunk", ColumnType.INT64),
            required("state", ColumnType.STRING),
            optional("value_kind", ColumnType.STRING),
            optional("value_num", ColumnType.FLOAT64),
            optional("value_text", ColumnType.STRING),
            optional("value_json", ColumnType.STRING),
            optional("timestamp_ns", ColumnType.INT64),
            optional("severity", ColumnType.STRING),
            optional("status", ColumnType.STRING),
            optional("tolerance_abs", ColumnType.FLOAT64),
            optional("tolerance_rel", ColumnType.FLOAT64),
            required("read_only", ColumnType.BOOLEAN),
            required(DELETED, ColumnType.BOOLEAN),
            required(TX_ID, ColumnType.STRING),
            required(ENTITY_ID, ColumnType.STRING)), List.of("snapshot_id", "pv_name"));

    /** API keys of the query API (never the secret: its SHA-256); revoked keys stay with revoked_at. */
    public static final Table API_KEY = new Table("api_key", List.of(
            required("id", ColumnType.STRING),
            required("name", ColumnType.STRING),
            required("role", ColumnType.STRING),
            required("key_hash", ColumnType.STRING),
            required("created_at", ColumnType.TIMESTAMP),
            optional("created_by", ColumnType.STRING),
            optional("revoked_at", ColumnType.TIMESTAMP),
            optional("revoked_by", ColumnType.STRING),
            required(DELETED, ColumnType.BOOLEAN),
            required("updated_at", ColumnType.TIMESTAMP),
            required(TX_ID, ColumnType.STRING),
            required(ENTITY_ID, ColumnType.STRING)), List.of("id"));

    /** The audit trail: one row per write request to the query API (who, what, when, from where, outcome). */
    public static final Table AUDIT = new Table("audit", List.of(
            required("id", ColumnType.STRING),
            required("at", ColumnType.TIMESTAMP),
            required("at_ns", ColumnType.INT64),
            optional("key_id", ColumnType.STRING),
            optional("key_name", ColumnType.STRING),
            optional("role", ColumnType.STRING),
            required("method", ColumnType.STRING),
            required("path", ColumnType.STRING),
            optional("target_id", ColumnType.STRING),
            required("status", ColumnType.INT64),
            required("remote_address", ColumnType.STRING),
            required("instance", ColumnType.STRING),
            required(DELETED, ColumnType.BOOLEAN),
            required(TX_ID, ColumnType.STRING),
            required(ENTITY_ID, ColumnType.STRING)), List.of("id"));

    public static final List<Table> ALL = List.of(CONFIGURATION, CONFIGURATION_PV, TAG, SNAPSHOT, SNAPSHOT_TAG,
            SNAPSHOT_VALUE, API_KEY, AUDIT);

    private static final Map<String, Table> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Table::name, Function.identity()));

    private OpsTables() {
    }

    public static Table byName(String table) {
        Table found = BY_NAME.get(table);
        if (found == null) {
            throw new IllegalArgumentException("unknown operations table " + table);
        }
        return found;
    }

    private static Column required(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    private static Column optional(String name, ColumnType type) {
        return new Column(name, type, true);
    }
}
