package io.pvstream.connectors.archive;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * The archive's sink: {@code pv.archive} into the partitioned table {@code pv_archive} with {@code COPY}
 * ({@link ArchiveSinkTask}, {@link ArchiveCopyWriter}).
 *
 * <p>Why our own and not the Debezium JDBC sink the ops path uses: the archive is one insert-only stream of one
 * fixed table at up to every PV update, the case {@code COPY} is made for. The Debezium sink wrote ~8.5K rows/s on
 * this box against ~127K/s for {@code COPY} of the same rows (7 %, {@code ./pvstream bench archive-sink}), and its
 * worker and PostgreSQL took most of a core at 10K updates/s, beside the live path.
 */
public final class ArchiveSinkConnector extends SinkConnector {

    static final String VERSION = versionOf();

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new ArchiveSinkConfig(props); // fails the connector, not each task, on a bad configuration
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ArchiveSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
        // the tasks hold the connections
    }

    @Override
    public ConfigDef config() {
        return ArchiveSinkConfig.DEFINITION;
    }

    @Override
    public String version() {
        return VERSION;
    }

    private static String versionOf() {
        String version = ArchiveSinkConnector.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
