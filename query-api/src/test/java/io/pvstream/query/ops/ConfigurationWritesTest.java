package io.pvstream.query.ops;

import static io.pvstream.query.ops.RowAssertions.assertAllFit;
import static io.pvstream.query.ops.RowAssertions.pvRow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.Write;
import io.pvstream.records.catalog.Configuration;
import io.pvstream.records.catalog.ConfigurationInput;
import io.pvstream.records.catalog.ConfigurationPv;
import io.pvstream.records.catalog.ConfigurationWrites;

/** The transactions of configuration writes, without Kafka or HTTP. */
class ConfigurationWritesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // 2026-03-01T12:00:00.123456789Z
    private static final TxDraft DRAFT = new TxDraft("tx-2", 1_772_366_400_123_456_789L, "alice");

    @Test
    void createWritesTheConfigurationRowAndOneRowPerPvWithEveryColumn() throws Exception {
        Write write = ConfigurationWrites.create(DRAFT, "cfg-1", new ConfigurationInput("Linac", "injector",
                List.of(new ConfigurationPv("SIM:B", 0.5, null, false), new ConfigurationPv("SIM:A", null, 0.01, true))),
                MAPPER);

        OpsTransaction tx = write.tx();
        assertThat(tx.getTxId()).isEqualTo("tx-2");
        assertThat(tx.getEntityType()).isEqualTo("configuration");
        assertThat(tx.getEntityId()).isEqualTo("cfg-1");
        assertThat(tx.getOperation()).isEqualTo(OpsOperation.CREATE);
        assertThat(tx.getBufferedNs()).isEqualTo(1_772_366_400_123_456_789L);
        assertThat(tx.getAuthor()).isEqualTo("alice");
        assertAllFit(tx.getRows(), "tx-2", "cfg-1");
        assertThat(tx.getRows()).extracting(OpsRow::getTable)
                .containsExactly("configuration", "configuration_pv", "configuration_pv");
        assertThat(tx.getRows().get(0).getColumns()).isEqualTo(columns("id", "cfg-1", "name", "Linac",
                "description", "injector", "deleted", false, "updated_at", 1_772_366_400_123L, "tx_id", "tx-2",
                "entity_id", "cfg-1"));
        assertThat(pvRow(tx.getRows(), "SIM:A").getColumns()).isEqualTo(columns("configuration_id", "cfg-1",
                "pv_name", "SIM:A", "tolerance_abs", null, "tolerance_rel", 0.01, "read_only", true, "deleted", false,
                "tx_id", "tx-2", "entity_id", "cfg-1"));
        assertThat(pvRow(tx.getRows(), "SIM:B").getColumns()).containsEntry("tolerance_abs", 0.5)
                .containsEntry("read_only", false);

        JsonNode entity = MAPPER.readTree(tx.getEntityJson());
        assertThat(entity).isEqualTo(write.entity());
        assertThat(entity.path("id").asText()).isEqualTo("cfg-1");
        assertThat(entity.path("txId").asText()).isEqualTo("tx-2");
        assertThat(entity.path("updatedAt").asText()).isEqualTo("2026-03-01T12:00:00.123Z");
        assertThat(entity.path("pvCount").asInt()).isEqualTo(2);
        assertThat(entity.path("pvs").findValuesAsText("name")).as("name order").containsExactly("SIM:A", "SIM:B");
    }

    @Test
    void updateUpsertsTheNewPvsAndSoftDeletesEveryPvAKnownVersionHadThatTheNewOneLacks() {
        Configuration current = configuration("tx-1", new ConfigurationPv("SIM:A", 1.0, null, true),
                new ConfigurationPv("SIM:B", null, null, false));
        Configuration stillPending = configuration("tx-0", new ConfigurationPv("SIM:C", null, 0.2, false));

        Write write = ConfigurationWrites.update(DRAFT, current, List.of(stillPending),
                new ConfigurationInput("Linac 2", null, List.of(new ConfigurationPv("SIM:B", 2.0, null, false),
                        new ConfigurationPv("SIM:D", null, null, false))), MAPPER);

        List<OpsRow> rows = write.tx().getRows();
        assertThat(write.tx().getOperation()).isEqualTo(OpsOperation.UPDATE);
        assertAllFit(rows, "tx-2", "cfg-1");
        assertThat(rows.get(0).getColumns()).containsEntry("name", "Linac 2").containsEntry("description", null)
                .containsEntry("deleted", false);
        assertThat(pvRow(rows, "SIM:B").getColumns()).containsEntry("deleted", false).containsEntry("tolerance_abs", 2.0);
        assertThat(pvRow(rows, "SIM:D").getColumns()).containsEntry("deleted", false);
        // removed: A (current) and C (only in a version still pending); they keep their last values
        assertThat(pvRow(rows, "SIM:A").getColumns()).containsEntry("deleted", true).containsEntry("read_only", true)
                .containsEntry("tolerance_abs", 1.0);
        assertThat(pvRow(rows, "SIM:C").getColumns()).containsEntry("deleted", true).containsEntry("tolerance_rel", 0.2);
        assertThat(rows).hasSize(5);
        assertThat(write.entity().path("pvs").findValuesAsText("name")).containsExactly("SIM:B", "SIM:D");
        assertThat(write.entity().has("deleted")).isFalse();
    }

    @Test
    void deleteSoftDeletesTheConfigurationAndEveryKnownPv() {
        Configuration current = configuration("tx-1", new ConfigurationPv("SIM:A", null, null, false));
        Configuration stillPending = configuration("tx-0", new ConfigurationPv("SIM:Z", null, null, false));

        Write write = ConfigurationWrites.delete(DRAFT, current, List.of(stillPending), MAPPER);

        List<OpsRow> rows = write.tx().getRows();
        assertThat(write.tx().getOperation()).isEqualTo(OpsOperation.DELETE);
        assertAllFit(rows, "tx-2", "cfg-1");
        assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row.getColumns()).containsEntry("deleted", true));
        assertThat(rows.get(0).getColumns()).containsEntry("name", "Linac").containsEntry("updated_at", 1_772_366_400_123L);
        assertThat(write.entity().path("deleted").asBoolean()).isTrue();
        assertThat(write.entity().path("txId").asText()).isEqualTo("tx-2");
    }

    static Configuration configuration(String txId, ConfigurationPv... pvs) {
        return new Configuration("cfg-1", txId, "Linac", "injector", "2026-03-01T11:00:00Z", pvs.length, List.of(pvs));
    }

    /** A map that may hold nulls, from key-value pairs. */
    static Map<String, Object> columns(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
