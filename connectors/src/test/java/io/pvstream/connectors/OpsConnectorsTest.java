package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.ops.OpsTables;

class OpsConnectorsTest {

    private static ConnectConfig config(String jdbcUrl) {
        return ConnectConfig.load(Map.of(), Map.of("ops.jdbc.url", jdbcUrl, "ops.jdbc.password", "secret",
                "topic.partitions", "4"));
    }

    @Test
    void sinkAppliesEveryApplyTopicToItsTable() {
        Map<String, String> sink = OpsConnectors.configs(config("jdbc:postgresql://127.0.0.1:5433/pvstream")).get(OpsConnectors.SINK);
        assertThat(sink).containsEntry("topics.regex", "ops\\.apply\\..+")
                .containsEntry("transforms.table.replacement", "$1")
                .containsEntry("connection.url", "jdbc:postgresql://127.0.0.1:5433/pvstream")
                .containsEntry("connection.password", "secret")
                .containsEntry("insert.mode", "upsert")
                // every upsert must reach the WAL: a merged one would leave its transaction unconfirmed
                .containsEntry("use.reduction.buffer", "false")
                .containsEntry("errors.deadletterqueue.topic.name", "ops.tx.dlq");
        assertThat("ops.apply.configuration_pv".replaceAll(sink.get("transforms.table.regex"), "$1"))
                .isEqualTo("configuration_pv");
        assertThat("ops.tx.dlq").doesNotMatch(sink.get("topics.regex"));
    }

    @Test
    void sourceCapturesTheOpsTablesWithCommitLsns() {
        Map<String, String> source = OpsConnectors.configs(config("jdbc:postgresql://127.0.0.1:5433/pvstream")).get(OpsConnectors.SOURCE);
        assertThat(source).containsEntry("database.hostname", "127.0.0.1")
                .containsEntry("database.port", "5433")
                .containsEntry("database.dbname", "pvstream")
                .containsEntry("provide.transaction.metadata", "true")
                .containsEntry("topic.creation.default.partitions", "4")
                .containsEntry("value.converter.schemas.enable", "false");
        assertThat(source.get("table.include.list").split(","))
                .contains("public.configuration", "public.configuration_pv", "public.tag")
                .hasSize(OpsTables.ALL.size());
    }

    @Test
    void aMalformedJdbcUrlIsAClearError() {
        assertThatThrownBy(() -> OpsConnectors.configs(config("postgres://nowhere")))
                .hasMessageContaining("ops.jdbc.url must look like");
    }
}
