package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.connectors.OpsConnectors;
import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.simioc.SimulatedIoc;
import io.pvstream.streams.ops.ApplyRows;

/**
 * Operations records on real parts: query API → ops.tx → Streams → Connect JDBC sink → PostgreSQL
 * primary → WAL → Debezium → Streams (pending store) and the streaming replica's replay LSN.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private PostgresCluster postgres;
    private ConnectProcess connect;
    private int port;

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        platform.addIoc(SimulatedIoc.builder().pvCount(5).updateRateHz(0).setpointCount(1));
        OpsStack ops = platform.startOps();
        postgres = ops.postgres();
        connect = ops.connect();
        platform.startServices(1, Map.of());
        port = platform.api(0).port();
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void aWriteIsReadAtOncePendingThenCommittedThenReplicated() throws Exception {
        // hold each stage so every state is observed, not raced past
        http.put(connect.restUrl() + "/connectors/" + OpsConnectors.SINK + "/pause");
        awaitConnectorState(OpsConnectors.SINK, "PAUSED");
        superuserOn(postgres.replicaJdbcUrl(), "SELECT pg_wal_replay_pause()");
        try {
            String id = createConfiguration("injector", List.of("SIM:PV00001", "SIM:SP00001"));
            JsonNode pending = getConfiguration(id);
            assertThat(pending.path("state").asText()).isEqualTo("pending");
            assertThat(pending.path("name").asText()).isEqualTo("injector");
            assertThat(pending.path("pvs")).hasSize(2);

            http.put(connect.restUrl() + "/connectors/" + OpsConnectors.SINK + "/resume");
            await().atMost(PATIENCE).until(() -> getConfiguration(id).path("state").asText().equals("committed"));
            assertThat(countRows(postgres.primaryJdbcUrl(), "configuration_pv", "configuration_id", id)).isEqualTo(2);
            assertThat(countRows(postgres.replicaJdbcUrl(), "configuration", "id", id)).isZero(); // replay paused

            superuserOn(postgres.replicaJdbcUrl(), "SELECT pg_wal_replay_resume()");
            await().atMost(PATIENCE).until(() -> getConfiguration(id).path("state").asText().equals("replicated"));
            assertThat(countRows(postgres.replicaJdbcUrl(), "configuration", "id", id)).isEqualTo(1);
            assertThat(getConfiguration(id).path("pvs")).hasSize(2);
        } finally {
            http.put(connect.restUrl() + "/connectors/" + OpsConnectors.SINK + "/resume");
            superuserOn(postgres.replicaJdbcUrl(), "SELECT pg_wal_replay_resume()");
        }
    }

    /** Issue 12: operators send plain names, or paste a list; both land in PostgreSQL as configuration PVs. */
    @Test
    void plainNamesAndAPastedListOfNamesAreStoredLikeObjects() throws Exception {
        for (String pvs : List.of("[\"SIM:PV00001\",{\"name\":\"SIM:SP00001\",\"readOnly\":true}]",
                "\"SIM:PV00002\\nSIM:PV00003, SIM:PV00004\\n\"")) {
            HttpJson.Response created = http.post(port, "/api/v1/configurations",
                    "{\"name\":\"pasted\",\"pvs\":" + pvs + "}");
            assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
            String id = created.body().path("id").asText();
            int expected = pvs.startsWith("[") ? 2 : 3;
            await().atMost(PATIENCE).until(() -> getConfiguration(id).path("state").asText().equals("replicated"));
            assertThat(countRows(postgres.primaryJdbcUrl(), "configuration_pv", "configuration_id", id))
                    .isEqualTo(expected);
            assertThat(getConfiguration(id).path("pvs").findValuesAsText("name")).hasSize(expected)
                    .allMatch(name -> name.startsWith("SIM:"));
        }
    }

    @Test
    void writesKeepBeingAcceptedWhilePostgresIsDownAndLandExactlyOnce() throws Exception {
        Map<String, String> written = new LinkedHashMap<>(); // id -> tx id
        postgres.stopPrimary();
        try {
            for (int i = 0; i < 20; i++) {
                JsonNode created = createTag("outage-" + i);
                written.put(created.path("id").asText(), created.path("txId").asText());
            }
        } finally {
            postgres.startPrimary();
        }
        awaitBufferDrained(PATIENCE);
        for (Map.Entry<String, String> tag : written.entrySet()) {
            assertThat(txIdsOf(postgres.primaryJdbcUrl(), tag.getKey())).as("primary row of %s", tag.getKey())
                    .containsExactly(tag.getValue());
            assertThat(txIdsOf(postgres.replicaJdbcUrl(), tag.getKey())).as("replica row of %s", tag.getKey())
                    .containsExactly(tag.getValue());
            assertThat(getTag(tag.getKey()).path("state").asText()).isEqualTo("replicated");
        }
    }

    @Test
    void aKilledConnectWorkerLosesAndDuplicatesNothing() throws Exception {
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            JsonNode created = createTag("before-crash-" + i);
            written.put(created.path("id").asText(), created.path("txId").asText());
        }
        connect.kill();
        for (int i = 0; i < 10; i++) { // writes go on while no worker applies them
            JsonNode created = createTag("during-crash-" + i);
            written.put(created.path("id").asText(), created.path("txId").asText());
        }
        connect.restart();
        for (int i = 0; i < 10; i++) {
            JsonNode created = createTag("after-crash-" + i);
            written.put(created.path("id").asText(), created.path("txId").asText());
        }
        awaitBufferDrained(PATIENCE);
        for (Map.Entry<String, String> tag : written.entrySet()) {
            assertThat(txIdsOf(postgres.primaryJdbcUrl(), tag.getKey())).as("row of %s", tag.getKey())
                    .containsExactly(tag.getValue());
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndLaterRecordsAreApplied() {
        String marker = "poison-" + java.util.UUID.randomUUID();
        producePoison("ops.apply.tag", "{\"schema\":{\"type\":\"string\"},\"payload\":\"x\"}", "{" + marker + " is not json");
        String id = createTag("after-poison").path("id").asText();

        await().atMost(PATIENCE).until(() -> getTag(id).path("state").asText().equals("replicated"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpJson.Response letters = http.get(port, "/api/v1/ops/dlq?limit=1000");
            assertThat(letters.status()).isEqualTo(200);
            assertThat(letters.body().toString()).contains(marker).contains("ops.apply.tag");
        });
        await().atMost(PATIENCE).until(() -> bufferHealth().path("deadLetters").asLong() >= 1);
    }

    /**
     * Valid Connect JSON for the tag table whose name holds a NUL, which PostgreSQL text refuses: without the
     * sink's ValidateOpsRow transform the SQL error would fail the sink task and stop its partition. One such
     * row goes ahead of the next write on every partition, so that write is applied only if each was passed.
     */
    @Test
    void aSchemaValidRowThatPostgresWouldRefuseGoesToTheDeadLetterTopicAndTheSinkKeepsRunning() throws Exception {
        String marker = "nul-" + java.util.UUID.randomUUID();
        int partitions = produceOnEveryPartition("ops.apply.tag", partition -> {
            String id = marker + "-" + partition;
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("id", id);
            columns.put("name", "bad\u0000name");
            columns.put("deleted", false);
            columns.put("updated_at", 1_700_000_000_123L);
            columns.put("tx_id", id);
            columns.put("entity_id", id);
            // exactly what the Streams app writes to ops.apply.<table>: its JSON rendering does not look at text
            return ApplyRows.of(new OpsRow("tag", columns));
        });
        String after = createTag("after-nul").path("id").asText();

        List<String> sinkStates = new java.util.concurrent.CopyOnWriteArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            connectorStatus(OpsConnectors.SINK).path("tasks").forEach(task -> sinkStates.add(task.path("state").asText()));
            return getTag(after).path("state").asText().equals("replicated");
        });
        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpJson.Response letters = http.get(port, "/api/v1/ops/dlq?limit=1000");
            assertThat(letters.status()).isEqualTo(200);
            List<JsonNode> ours = new ArrayList<>();
            letters.body().path("items").forEach(letter -> {
                if (letter.path("key").asText().contains(marker)) {
                    ours.add(letter);
                }
            });
            assertThat(ours).hasSize(partitions).allSatisfy(letter -> {
                assertThat(letter.path("originalTopic").asText()).isEqualTo("ops.apply.tag");
                assertThat(letter.path("errorClass").asText()).isEqualTo("org.apache.kafka.connect.errors.DataException");
                assertThat(letter.path("errorMessage").asText()).contains("value.name", "NUL character");
            });
        });
        assertThat(sinkStates).as("sink task states seen while waiting").isNotEmpty().containsOnly("RUNNING");
        assertThat(connectorStatus(OpsConnectors.SINK).path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
        assertThat(countRows(postgres.primaryJdbcUrl(), "tag", "id", marker + "-0")).isZero();
    }

    private void awaitConnectorState(String connector, String state) {
        await().atMost(PATIENCE).until(() -> connectorState(connector).equals(state));
    }

    private String connectorState(String connector) {
        return connectorStatus(connector).path("connector").path("state").asText("");
    }

    private JsonNode connectorStatus(String connector) {
        return http.getUrl(connect.restUrl() + "/connectors/" + connector + "/status").body();
    }

    private String createConfiguration(String name, List<String> pvs) {
        StringBuilder body = new StringBuilder("{\"name\":\"" + name + "\",\"description\":\"e2e\",\"pvs\":[");
        for (int i = 0; i < pvs.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"name\":\"").append(pvs.get(i)).append("\",\"toleranceAbs\":0.1}");
        }
        HttpJson.Response created = http.post(port, "/api/v1/configurations", body.append("]}").toString());
        assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    private JsonNode getConfiguration(String id) {
        HttpJson.Response response = http.get(port, "/api/v1/configurations/" + id);
        assertThat(response.status()).as("get configuration: %s", response.body()).isEqualTo(200);
        return response.body();
    }

    private JsonNode createTag(String name) {
        HttpJson.Response created = http.post(port, "/api/v1/tags", "{\"name\":\"" + name + "\",\"description\":\"e2e\"}");
        assertThat(created.status()).as("create tag: %s", created.body()).isEqualTo(201);
        assertThat(created.body().path("id").asText()).isNotEmpty();
        return created.body();
    }

    private JsonNode getTag(String id) {
        HttpJson.Response response = http.get(port, "/api/v1/tags/" + id);
        assertThat(response.status()).as("get tag: %s", response.body()).isEqualTo(200);
        return response.body();
    }

    private JsonNode bufferHealth() {
        return http.get(port, "/api/v1/health/buffer").body();
    }

    /** Every buffered transaction confirmed: nothing pending on any instance. */
    private void awaitBufferDrained(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(bufferHealth().path("pending").path("count").asLong()).isZero());
    }

    private void producePoison(String topic, String key, String value) {
        Map<String, Object> props = new java.util.HashMap<>(platform.common());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /** One apply record (made by {@code record} for the partition) on each partition of the topic; returns how many partitions. */
    private int produceOnEveryPartition(String topic, IntFunction<ApplyRows.ApplyRecord> record) throws Exception {
        Map<String, Object> props = new java.util.HashMap<>(platform.common());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            int partitions = producer.partitionsFor(topic).size();
            for (int partition = 0; partition < partitions; partition++) {
                ApplyRows.ApplyRecord row = record.apply(partition);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, partition, row.keyJson(),
                        row.valueJson())).get();
            }
            return partitions;
        }
    }

    private static void superuserOn(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement statement = c.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private long countRows(String jdbcUrl, String table, String column, String value) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + column + " = ?")) {
            q.setString(1, value);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The tx_id of every row with this id: exactly one row written by exactly the expected transaction. */
    private List<String> txIdsOf(String jdbcUrl, String tagId) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
             PreparedStatement q = c.prepareStatement("SELECT tx_id FROM tag WHERE id = ?")) {
            q.setString(1, tagId);
            List<String> txIds = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    txIds.add(rs.getString(1));
                }
            }
            return txIds;
        }
    }
}
