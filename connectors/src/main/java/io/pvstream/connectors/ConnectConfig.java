package io.pvstream.connectors;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;

/**
 * Keys of the pvstream Connect worker ({@link ConnectWorkerMain}). The {@code ops.*} keys are the
 * same as query-api's, so one set of {@code PVSTREAM_OPS_*} variables configures both.
 */
public final class ConnectConfig extends AbstractConfig {

    public static final String GROUP_ID = "connect.group.id";
    public static final String REST_PORT = "connect.rest.port";
    public static final String REST_HOST = "connect.rest.host";
    public static final String REST_ADVERTISED_HOST = "connect.rest.advertised.host";
    public static final String PLUGINS_DIR = "connect.plugins.dir";
    public static final String SUPERVISE_INTERVAL_MS = "connect.supervise.interval.ms";
    public static final String OPS_JDBC_URL = "ops.jdbc.url";
    public static final String OPS_JDBC_USER = "ops.jdbc.user";
    public static final String OPS_JDBC_PASSWORD = "ops.jdbc.password";
    public static final String OPS_CDC_SLOT = "ops.cdc.slot";
    public static final String OPS_CDC_SLOT_DROP = "ops.cdc.slot.drop";
    public static final String OPS_CDC_SLOT_CLEANUP = "ops.cdc.slot.cleanup";
    public static final String OPS_CDC_SLOT_CLEANUP_PREFIX = "ops.cdc.slot.cleanup.prefix";
    public static final String ARCHIVE_ENABLED = "archive.enabled";
    public static final String ARCHIVE_SINK_TASKS = "archive.sink.tasks";

    public static final ConfigDef DEFINITION = CommonConfig.define(new ConfigDef())
            .define(GROUP_ID, Type.STRING, "pvstream-connect", Importance.MEDIUM,
                    "Connect cluster group id; its internal topics are <id>.configs/.offsets/.status.")
            .define(REST_PORT, Type.INT, 8083, Range.between(0, 65535), Importance.MEDIUM,
                    "Connect REST port; 0 = a free port.")
            .define(REST_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                    "Address the Connect REST API binds to. Loopback by default; 0.0.0.0 for all interfaces (then "
                            + "set " + REST_ADVERTISED_HOST + ").")
            .define(REST_ADVERTISED_HOST, Type.STRING, "", Importance.MEDIUM,
                    "Host name the other workers of the group reach this one at (they forward connector requests "
                            + "to the leader). Empty = " + REST_HOST + ".")
            .define(PLUGINS_DIR, Type.STRING, "", Importance.LOW,
                    "Connect plugin path; empty = the Debezium plugins unpacked by the connectors build.")
            .define(SUPERVISE_INTERVAL_MS, Type.LONG, 2000L, Range.atLeast(100), Importance.LOW,
                    "How often failed connector tasks are looked for and restarted (with backoff).")
            .define(OPS_JDBC_URL, Type.STRING, "", Importance.HIGH,
                    "JDBC URL of the PostgreSQL primary for operations records; empty = register no ops connectors.")
            .define(OPS_JDBC_USER, Type.STRING, "pvstream", Importance.HIGH, "PostgreSQL user for operations records.")
            .define(OPS_JDBC_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "PostgreSQL password for operations records.")
            .define(OPS_CDC_SLOT, Type.STRING, "pvstream_ops", Importance.LOW,
                    "Logical replication slot of the Debezium source (its publication is <slot>_publication).")
            .define(OPS_CDC_SLOT_DROP, Type.BOOLEAN, false, Importance.LOW,
                    "Drop the slot when the source stops (throw-away test databases only: a new slot skips changes).")
            .define(OPS_CDC_SLOT_CLEANUP, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Once the ops connectors run, drop the inactive logical replication slots of the ops database "
                            + "that an earlier pvstream CDC source left (named <prefix>..., not ops.cdc.slot), and "
                            + "their publications: an orphaned slot keeps WAL on the primary forever. Turn it off "
                            + "if two pvstream deployments with the same prefix share one database.")
            .define(OPS_CDC_SLOT_CLEANUP_PREFIX, Type.STRING, "pvstream_", new ConfigDef.NonEmptyString(),
                    Importance.LOW, "Name prefix of the replication slots that ops.cdc.slot.cleanup may drop; "
                            + "slots of other tools must not start with it.")
            .define(ARCHIVE_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the archive JDBC sink (pv.archive -> table pv_archive of the ops database) with the "
                            + "ops connectors. Needs ops.jdbc.url; false = PV history is not stored.")
            .define(ARCHIVE_SINK_TASKS, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                    "Tasks of the archive JDBC sink (each takes some pv.archive partitions and one database "
                            + "connection); more for a higher sustained archive rate, at most the partition count.");

    ConnectConfig(Map<String, ?> values) {
        super(DEFINITION, values, false);
    }

    /** Where the other workers reach this one's REST API. */
    String restAdvertisedHost() {
        String advertised = getString(REST_ADVERTISED_HOST);
        return advertised.isBlank() ? getString(REST_HOST) : advertised;
    }

    public static ConnectConfig load(Map<String, String> env, Map<String, ?> overrides) {
        return new ConnectConfig(ConfigLoader.resolve(DEFINITION, env, overrides));
    }
}
