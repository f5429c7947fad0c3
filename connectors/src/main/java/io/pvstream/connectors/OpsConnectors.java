package io.pvstream.connectors;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.ops.OpsTables;

/**
 * The two connectors of the operations-records path, configured from {@link ConnectConfig}:
 * the JDBC sink that applies {@code ops.apply.*} to the primary, and the Debezium source that
 * reads the tables back from the WAL for replication-confirmed cleanup.
 */
public final class OpsConnectors {

    public static final String SINK = "pvstream-ops-jdbc-sink";
    public static final String SOURCE = "pvstream-ops-cdc-source";

    private OpsConnectors() {
    }

    /** Connector name → its configuration, in registration order (sink first: it needs nothing from the source). */
    public static Map<String, Map<String, String>> configs(ConnectConfig config) {
        Map<String, String> values = placeholders(config);
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        configs.put(SINK, ConnectorConfigs.load(ConnectorConfigs.OPS_JDBC_SINK, values));
        configs.put(SOURCE, ConnectorConfigs.load(ConnectorConfigs.OPS_CDC_SOURCE, values));
        return configs;
    }

    static Map<String, String> placeholders(ConnectConfig config) {
        String jdbcUrl = config.getString(ConnectConfig.OPS_JDBC_URL);
        URI db = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
        if (db.getHost() == null || db.getPath() == null || db.getPath().length() < 2) {
            throw new IllegalArgumentException("ops.jdbc.url must look like jdbc:postgresql://host:port/db, not " + jdbcUrl);
        }
        Map<String, String> values = new HashMap<>();
        values.put("jdbc.url", jdbcUrl);
        values.put("jdbc.user", config.getString(ConnectConfig.OPS_JDBC_USER));
        values.put("jdbc.password", config.getPassword(ConnectConfig.OPS_JDBC_PASSWORD).value());
        values.put("topics.regex", Topics.OPS_APPLY_PREFIX.replace(".", "\\.") + ".+");
        values.put("database.hostname", db.getHost());
        values.put("database.port", Integer.toString(db.getPort() > 0 ? db.getPort() : 5432));
        values.put("database.user", config.getString(ConnectConfig.OPS_JDBC_USER));
        values.put("database.password", config.getPassword(ConnectConfig.OPS_JDBC_PASSWORD).value());
        values.put("database.dbname", db.getPath().substring(1));
        values.put("tables", OpsTables.ALL.stream().map(t -> "public." + t.name()).collect(Collectors.joining(",")));
        values.put("columns", OpsTables.ALL.stream().map(OpsConnectors::confirmingColumns)
                .collect(Collectors.joining(",")));
        values.put("slot", config.getString(ConnectConfig.OPS_CDC_SLOT));
        values.put("slot.drop", Boolean.toString(config.getBoolean(ConnectConfig.OPS_CDC_SLOT_DROP)));
        values.put("topic.replication.factor", Short.toString(config.getShort(CommonConfig.TOPIC_REPLICATION)));
        values.put("topic.partitions", Integer.toString(config.getInt(CommonConfig.TOPIC_PARTITIONS)));
        return values;
    }

    /**
     * The columns a change event carries (Debezium's {@code column.include.list}, anchored regular expressions): only
     * what confirms a buffered write, i.e. the row's primary key, {@code tx_id} and {@code entity_id}. The values
     * themselves are in the database already, and nothing reads them from the events; a snapshot's 40,000 value rows
     * were ~800 bytes of JSON each with every column.
     */
    static String confirmingColumns(OpsTables.Table table) {
        Set<String> columns = new LinkedHashSet<>(table.primaryKey());
        columns.add(OpsTables.TX_ID);
        columns.add(OpsTables.ENTITY_ID);
        return "public\\." + table.name() + "\\.(" + String.join("|", columns) + ")";
    }
}
