package io.pvstream.connectors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector of the archive path, configured from {@link ConnectConfig}: our own sink
 * ({@link io.pvstream.connectors.archive.ArchiveSinkConnector}) that writes pv.archive (one JSON row per archived PV
 * change, made by the Streams app) into the partitioned table {@code pv_archive} of the ops database with
 * {@code COPY}. Registered by {@link ConnectWorkerMain} with the ops connectors when
 * {@value ConnectConfig#ARCHIVE_ENABLED} is on.
 *
 * <p>Why not the ops sink: the archive is a high-rate insert stream of one fixed table keyed by (PV, time), the ops
 * path a low-rate upsert stream keyed by entity whose every write must reach the WAL. Separate connectors keep one
 * from delaying the other. The archive upserts by {@code (pv_name, sample_time)}, so a redelivered sample overwrites
 * itself instead of failing the batch on the primary key.
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
        configs.put(SINK, ConnectorConfigs.load(SINK_FILE, values));
        return configs;
    }
}
