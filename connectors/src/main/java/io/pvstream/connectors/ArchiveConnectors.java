package io.pvstream.connectors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector of the archive path, configured from {@link ConnectConfig}: a second Debezium JDBC sink that writes
 * pv.archive (one Connect JSON row per archived PV change, made by the Streams app) into the partitioned table
 * {@code pv_archive} of the ops database. Registered by {@link ConnectWorkerMain} with the ops connectors when
 * {@value ConnectConfig#ARCHIVE_ENABLED} is on.
 *
 * <p>Why its own sink and not the ops one: the archive is a high-rate insert stream keyed by (PV, time), the ops path
 * a low-rate upsert stream keyed by entity whose every write must reach the WAL. Separate connectors keep one from
 * delaying the other, and let the archive batch and reduce ({@code use.reduction.buffer}) as the ops sink must not.
 * Upsert by {@code (pv_name, sample_time)} from the value makes a redelivered sample overwrite itself instead of
 * failing the task on the primary key.
 */
public final class ArchiveConnectors {

    public static final String SINK = "pvstream-archive-jdbc-sink";
    /** The connector file: {@code connectors/archive-jdbc-sink.json}. */
    public static final String SINK_FILE = "archive-jdbc-sink";

    private ArchiveConnectors() {
    }

    /** Connector name → configuration; empty when the archive is off. */
    public static Map<String, Map<String, String>> configs(ConnectConfig config) {
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        if (!config.getBoolean(ConnectConfig.ARCHIVE_ENABLED)) {
            return configs;
        }
        Map<String, String> values = OpsConnectors.placeholders(config);
        values.put("archive.tasks", Integer.toString(config.getInt(ConnectConfig.ARCHIVE_SINK_TASKS)));
        values.put("jdbc.url", withBatchedInserts(values.get("jdbc.url")));
        configs.put(SINK, ConnectorConfigs.load(SINK_FILE, values));
        return configs;
    }

    /**
     * The sink writes a batch of upserts ({@code INSERT … ON CONFLICT … DO UPDATE SET c = EXCLUDED.c}) as one JDBC
     * batch; with {@code reWriteBatchedInserts} the PostgreSQL driver sends it as a few multi-row INSERTs instead of
     * one statement per row, which cuts the server's work per sample several times. Safe here: the sink's reduction
     * buffer leaves one row per key in a batch, so no multi-row statement touches a row twice.
     */
    static String withBatchedInserts(String jdbcUrl) {
        if (jdbcUrl.contains("reWriteBatchedInserts=")) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }
}
