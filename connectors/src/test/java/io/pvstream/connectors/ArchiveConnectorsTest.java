package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.connectors.archive.ArchiveRowConverter;
import io.pvstream.connectors.archive.ArchiveSinkConnector;

import io.pvstream.schemas.Topics;

class ArchiveConnectorsTest {

    private static ConnectConfig config(Map<String, String> extra) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("ops.jdbc.url",
                "jdbc:postgresql://127.0.0.1:5433/pvstream", "ops.jdbc.password", "secret"));
        values.putAll(extra);
        return ConnectConfig.load(Map.of(), values);
    }

    @Test
    void theSinkCopiesPvArchiveIntoTheOpsDatabase() {
        Map<String, String> sink = ArchiveConnectors.configs(config(Map.of("archive.sink.tasks", "3")))
                .get(ArchiveConnectors.SINK);
        assertThat(sink).containsEntry("topics", Topics.PV_ARCHIVE)
                .containsEntry("connector.class", ArchiveSinkConnector.class.getName())
                .containsEntry("value.converter", ArchiveRowConverter.class.getName())
                .containsEntry("errors.deadletterqueue.topic.name", Topics.PV_ARCHIVE_DLQ)
                .containsEntry("connection.url", "jdbc:postgresql://127.0.0.1:5433/pvstream")
                .containsEntry("connection.password", "secret")
                .containsEntry("tasks.max", "3");
        assertThat(sink.get("key.converter")).endsWith("StringConverter");
    }

    @Test
    void theArchiveCanBeTurnedOff() {
        assertThat(ArchiveConnectors.configs(config(Map.of("archive.enabled", "false")))).isEmpty();
    }

    @Test
    void itsOwnSinkDoesNotTakeTheOpsTopicsNorTheOpsSinkPvArchive() {
        ConnectConfig config = config(Map.of());
        assertThat(Topics.PV_ARCHIVE).doesNotMatch(OpsConnectors.configs(config).get(OpsConnectors.SINK)
                .get("topics.regex"));
        assertThat(ArchiveConnectors.configs(config).get(ArchiveConnectors.SINK)).doesNotContainKey("topics.regex");
    }
}
