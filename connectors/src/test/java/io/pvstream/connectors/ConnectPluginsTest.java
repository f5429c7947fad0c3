package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ConnectPluginsTest {

    @Test
    void theBuildRecordsWhereItUnpackedBothDebeziumPlugins() {
        Path dir = ConnectPlugins.defaultDir();

        assertThat(dir).isAbsolute().endsWith(Path.of("target", "connect-plugins"));
        assertThat(dir.resolve("debezium-connector-jdbc")).isDirectory();
        assertThat(dir.resolve("debezium-connector-postgres")).isDirectory();
    }
}
