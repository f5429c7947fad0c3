package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
        // change events carry what confirms a write (primary key, tx_id, entity_id), not the values
        List<java.util.regex.Pattern> columns = java.util.Arrays.stream(source.get("column.include.list").split(","))
                .map(java.util.regex.Pattern::compile).toList();
        assertThat(columns).hasSize(OpsTables.ALL.size());
        for (String included : List.of("public.snapshot_value.snapshot_id", "public.snapshot_value.pv_name",
                "public.snapshot_value.tx_id", "public.tag.entity_id", "public.configuration_pv.configuration_id")) {
            assertThat(columns).as(included).anyMatch(regex -> regex.matcher(included).matches());
        }
        for (String excluded : List.of("public.snapshot_value.value_json", "public.tag.name", "publicXtag.id",
                "public.tag.id_other")) {
            assertThat(columns).as(excluded).noneMatch(regex -> regex.matcher(excluded).matches());
        }
    }

    @Test
    void aMalformedJdbcUrlIsAClearError() {
        assertThatThrownBy(() -> OpsConnectors.configs(config("postgres://nowhere")))
                .hasMessageContaining("ops.jdbc.url must look like");
    }
}
