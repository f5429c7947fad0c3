package io.pvstream.connectors.archive;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The settings of {@link ArchiveSinkConnector} (set by {@code connectors/archive-jdbc-sink.json}). */
final class ArchiveSinkConfig extends AbstractConfig {

    static final String URL = "connection.url";
    static final String USER = "connection.username";
    static final String PASSWORD = "connection.password";
    static final String BATCH_ROWS = "batch.rows";

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "JDBC URL of the database that holds pv_archive.")
            .define(USER, Type.STRING, "", Importance.HIGH, "Database user.")
            .define(PASSWORD, Type.PASSWORD, "", Importance.HIGH, "Database password.")
            .define(BATCH_ROWS, Type.INT, 5000, Range.atLeast(1), Importance.LOW,
                    "Rows written in one COPY at most; fewer at each offset commit (offset.flush.interval.ms), so "
                            + "a row waits at most that long.");

    ArchiveSinkConfig(Map<?, ?> originals) {
        super(DEFINITION, originals);
    }
}
