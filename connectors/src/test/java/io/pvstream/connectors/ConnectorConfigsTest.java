package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConnectorConfigsTest {

    private static final Map<String, String> DB = Map.of(
            "db.host", "127.0.0.1", "db.port", "54321", "db.password", "s3cret$1\\x");

    @Test
    void fillsEveryPlaceholderAndKeepsNumbersAndBooleansAsText() {
        Map<String, String> config = ConnectorConfigs.load("test-placeholders", DB);

        assertThat(config)
                .containsEntry("connection.url", "jdbc:postgresql://127.0.0.1:54321/pvstream")
                .containsEntry("tasks.max", "2")
                .containsEntry("delete.enabled", "true");
    }

    @Test
    void insertsValuesLiterallyEvenWithRegexSpecialCharacters() {
        assertThat(ConnectorConfigs.load("test-placeholders", DB))
                .containsEntry("connection.password", "s3cret$1\\x");
    }

    @Test
    void leavesEscapedPlaceholdersAndConfigProviderReferencesToTheirOwners() {
        Map<String, String> config = ConnectorConfigs.load("test-placeholders", DB);

        assertThat(config)
                .containsEntry("collection.name.format", "${topic}")
                .containsEntry("connection.user", "${file:/etc/secrets.properties:user}");
    }

    @Test
    void keepsTheOrderOfTheFile() {
        assertThat(ConnectorConfigs.load("test-placeholders", DB).keySet())
                .startsWith("connector.class", "tasks.max", "delete.enabled", "connection.url");
    }

    @Test
    void namesEveryMissingPlaceholderAndTheFile() {
        assertThatThrownBy(() -> ConnectorConfigs.load("test-placeholders", Map.of("db.host", "127.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectors/test-placeholders.json")
                .hasMessageContaining("[db.password, db.port]");
    }

    @Test
    void treatsANullValueAsMissing() {
        Map<String, String> values = new HashMap<>(DB);
        values.put("db.port", null);

        assertThatThrownBy(() -> ConnectorConfigs.load("test-placeholders", values))
                .hasMessageContaining("[db.port]");
    }

    @Test
    void ignoresValuesThatTheFileDoesNotUse() {
        Map<String, String> values = new HashMap<>(DB);
        values.put("slot", "unused");

        assertThat(ConnectorConfigs.load("test-placeholders", values)).doesNotContainValue("unused");
    }

    @Test
    void listsThePlaceholdersAFileNeeds() {
        assertThat(ConnectorConfigs.placeholders("test-placeholders"))
                .containsExactly("db.host", "db.password", "db.port");
    }

    @Test
    void rejectsUnknownFilesAndNonFlatJson() {
        assertThatThrownBy(() -> ConnectorConfigs.load("no-such-connector", DB))
                .hasMessageContaining("connectors/no-such-connector.json");
        assertThatThrownBy(() -> ConnectorConfigs.load("test-nested", DB))
                .hasMessageContaining("'transforms' must be a string, number or boolean");
        assertThatThrownBy(() -> ConnectorConfigs.load("test-array", DB))
                .hasMessageContaining("one JSON object");
    }

    @Test
    void jdbcSinkNeedsTheDatabaseTopicsAndReplicationFactor() {
        assertThat(ConnectorConfigs.placeholders(ConnectorConfigs.OPS_JDBC_SINK)).containsExactlyInAnyOrder(
                "jdbc.url", "jdbc.user", "jdbc.password", "topics.regex", "topic.replication.factor");

        Map<String, String> sink = ConnectorConfigs.load(ConnectorConfigs.OPS_JDBC_SINK, Map.of(
                "jdbc.url", "jdbc:postgresql://127.0.0.1:5432/pvstream", "jdbc.user", "pvstream",
                "jdbc.password", "pvstream", "topics.regex", "ops\\.tx\\.(?!dlq$).+",
                "topic.replication.factor", "1"));
        assertThat(sink)
                .containsEntry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector")
                .containsEntry("insert.mode", "upsert")
                .containsEntry("primary.key.mode", "record_key")
                .containsEntry("errors.deadletterqueue.topic.name", "ops.tx.dlq")
                .containsEntry("topics.regex", "ops\\.tx\\.(?!dlq$).+");
    }

    @Test
    void cdcSourceNeedsTheDatabaseTablesAndSlot() {
        assertThat(ConnectorConfigs.placeholders(ConnectorConfigs.OPS_CDC_SOURCE)).containsExactlyInAnyOrder(
                "database.hostname", "database.port", "database.user", "database.password", "database.dbname",
                "tables", "columns", "slot", "slot.drop", "topic.replication.factor", "topic.partitions");

        Map<String, String> source = ConnectorConfigs.load(ConnectorConfigs.OPS_CDC_SOURCE, Map.ofEntries(
                Map.entry("database.hostname", "127.0.0.1"), Map.entry("database.port", "5432"),
                Map.entry("database.user", "pvstream"), Map.entry("database.password", "pvstream"),
                Map.entry("database.dbname", "pvstream"), Map.entry("tables", "public.ops_tx"),
                Map.entry("columns", "public\\.ops_tx\\.(id|tx_id|entity_id)"), Map.entry("slot", "pvstream_ops"),
                Map.entry("slot.drop", "false"), Map.entry("topic.replication.factor", "1"),
                Map.entry("topic.partitions", "6")));
        assertThat(source)
                .containsEntry("column.include.list", "public\\.ops_tx\\.(id|tx_id|entity_id)")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("topic.prefix", "ops.cdc")
                .containsEntry("publication.name", "pvstream_ops_publication");
    }
}
