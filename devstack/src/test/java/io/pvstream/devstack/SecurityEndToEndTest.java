package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.AuditEvent;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.simioc.SimulatedIoc;

/**
 * Security on real parts: a broker, PostgreSQL through the operations buffer, two query-api instances with the
 * bootstrap admin key and cluster token of {@link TestPlatform}. One scripted sequence of writes by an admin and an
 * operator key, then: the revoked key is refused by the other instance within seconds, the audit trail (table via
 * {@code GET /api/v1/audit}, and topic) has one entry per write, and no secret ever reached a log line or an error
 * body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Within how long a revocation on one instance must be honoured by the others. */
    private static final Duration REVOCATION = Duration.ofSeconds(5);
    private static final String WRONG_KEY = "pvs_a-key-nobody-ever-created-00000000000000000000";

    private final HttpJson admin = new HttpJson();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> bodies = new ArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    /** Kafka logs every client's configuration here at INFO: where a leaked secret would show first. */
    private final Logger kafkaConfigs = (Logger) LoggerFactory.getLogger("org.apache.kafka.common.config");
    private Level kafkaConfigsLevel;
    private TestPlatform platform;
    private int api1;
    private int api2;

    @BeforeAll
    void start() {
        logs.start();
        root.addAppender(logs);
        kafkaConfigsLevel = kafkaConfigs.getLevel();
        kafkaConfigs.setLevel(Level.INFO);
        platform = TestPlatform.withBroker();
        SimulatedIoc ioc = platform.addIoc(SimulatedIoc.builder().pvCount(3).updateRateHz(0).setpointCount(1));
        platform.startOps();
        platform.startServices(2, Map.of());
        api1 = platform.api(0).port();
        api2 = platform.api(1).port();
        // every PV in the stores and both instances serving: the snapshot below is then taken at once
        await().atMost(PATIENCE).until(() -> ioc.pvNames().stream().allMatch(pv -> connected(api1, pv)
                && connected(api2, pv)));
    }

    private boolean connected(int port, String pv) {
        HttpJson.Response response = admin.get(port, "/api/v1/pvs/" + pv);
        return response.status() == 200 && response.body().path("connected").asBoolean(false);
    }

    @AfterAll
    void stop() {
        try {
            platform.close();
        } finally {
            root.detachAppender(logs);
            kafkaConfigs.setLevel(kafkaConfigsLevel);
        }
    }

    @Test
    void aScriptedSequenceIsAuditedTheRevokedKeyIsRefusedEverywhereAndNoSecretLeaks() throws Exception {
        // 1. the admin (bootstrap key from configuration) creates an operator key on instance 1
        HttpJson.Response created = admin.post(api1, "/api/v1/keys", "{\"name\":\"alice\",\"role\":\"operator\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String aliceKey = created.body().path("key").asText();
        String aliceId = created.body().path("id").asText();
        assertThat(aliceKey).startsWith("pvs_").hasSizeGreaterThanOrEqualTo(4 + 43); // 256 bits in base64url
        HttpJson alice = HttpJson.withKey(aliceKey);
        // instance 2 learns it from security.keys (a read: not audited)
        await().atMost(REVOCATION).untilAsserted(() -> assertThat(keep(admin.get(api2, "/api/v1/keys")).body()
                .path("items")).anySatisfy(key -> assertThat(key.path("id").asText()).isEqualTo(aliceId)));
        JsonNode listed = keep(admin.get(api1, "/api/v1/keys")).body();
        assertThat(listed.toString()).as("the list never shows a secret").doesNotContain(aliceKey)
                .doesNotContain(io.pvstream.records.keys.KeySecrets.hash(aliceKey));

        // 2. alice writes on instance 2: a tag and a snapshot, which records her as its author
        HttpJson.Response tag = keep(alice.post(api2, "/api/v1/tags", "{\"name\":\"security-e2e\"}"));
        assertThat(tag.status()).as("%s", tag.body()).isEqualTo(201);
        HttpJson.Response snapshot = keep(alice.post(api2, "/api/v1/snapshots",
                "{\"name\":\"by alice\",\"pvs\":[\"SIM:PV00001\"]}"));
        assertThat(snapshot.status()).as("%s", snapshot.body()).isEqualTo(201);
        String snapshotId = snapshot.body().path("id").asText();
        assertThat(keep(alice.get(api2, "/api/v1/snapshots/" + snapshotId)).body().path("author").asText())
                .isEqualTo("alice");

        // 3. a restore needs a stronger role: 403, and audited (the key is known, who tried matters)
        HttpJson.Response restore = keep(alice.post(api1, "/api/v1/snapshots/" + snapshotId + "/restore", "{}"));
        assertThat(restore.status()).as("%s", restore.body()).isEqualTo(403);
        assertThat(restore.body().path("error").asText()).isEqualTo("forbidden");

        // 4. a key nobody created: 401, and the body does not echo it
        HttpJson.Response wrong = keep(HttpJson.withKey(WRONG_KEY).post(api1, "/api/v1/tags", "{\"name\":\"x\"}"));
        assertThat(wrong.status()).as("%s", wrong.body()).isEqualTo(401);
        assertThat(wrong.body().path("error").asText()).isEqualTo("unauthorized");

        // 5. the admin revokes alice's key on instance 1; instance 2 refuses it within seconds
        HttpJson.Response revoked = keep(admin.delete(api1, "/api/v1/keys/" + aliceId));
        assertThat(revoked.status()).as("%s", revoked.body()).isEqualTo(200);
        assertThat(revoked.body().path("valid").asBoolean()).isFalse();
        // polled with a read alice's role may not do (403 while valid, 401 once revoked): polling writes nothing
        await().atMost(REVOCATION).pollInterval(Duration.ofMillis(100))
                .until(() -> keep(alice.get(api2, "/api/v1/keys")).status() == 401);
        HttpJson.Response refused = keep(alice.post(api2, "/api/v1/tags", "{\"name\":\"too-late\"}"));
        assertThat(refused.status()).as("%s", refused.body()).isEqualTo(401);

        // 6. the audit trail, through the buffer into PostgreSQL: one entry per write, newest first
        List<String> expected = List.of(
                "DELETE /api/v1/keys/" + aliceId + " 200 bootstrap-admin admin " + aliceId,
                "POST /api/v1/snapshots/" + snapshotId + "/restore 403 alice operator " + snapshotId,
                "POST /api/v1/snapshots 201 alice operator " + snapshotId,
                "POST /api/v1/tags 201 alice operator " + tag.body().path("id").asText(),
                "POST /api/v1/keys 201 bootstrap-admin admin " + aliceId);
        List<JsonNode> trail = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpJson.Response page = keep(admin.get(api2, "/api/v1/audit?limit=100"));
            assertThat(page.status()).isEqualTo(200);
            trail.clear();
            page.body().path("items").forEach(trail::add);
            assertThat(trail).extracting(SecurityEndToEndTest::describe).containsExactlyElementsOf(expected);
        });
        assertThat(trail).allSatisfy(entry -> {
            assertThat(entry.path("remoteAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.path("keyId").asText()).isNotBlank();
            assertThat(entry.path("instance").asText()).isIn("127.0.0.1:" + api1, "127.0.0.1:" + api2);
        });
        assertThat(trail.get(2).path("instance").asText()).as("where alice wrote").isEqualTo("127.0.0.1:" + api2);
        Set<String> tableIds = new HashSet<>();
        trail.forEach(entry -> tableIds.add(entry.path("id").asText()));
        assertThat(auditTopicIds()).as("the same events on " + Topics.SECURITY_AUDIT).isEqualTo(tableIds);

        // 7. no secret in any log line, nor in any answer but the one that handed alice her key
        List<String> secrets = List.of(TestPlatform.ADMIN_KEY, TestPlatform.INTERNAL_TOKEN, aliceKey, WRONG_KEY);
        assertThat(logs.list).as("log lines captured").hasSizeGreaterThan(10);
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : " " + event.getThrowableProxy().getMessage());
            assertThat(secrets).as("secrets in the log line: " + line).noneMatch(line::contains);
        }
        assertThat(bodies).as("answers kept").hasSizeGreaterThan(8);
        for (String body : bodies) {
            assertThat(secrets).as("secrets in the answer: " + body).noneMatch(body::contains);
        }
    }

    @Test
    void everyWriteOfTheRunningServerNeedsADeclaredRoleAndAKey() {
        // the route table as QueryApiServer wires it (every group, those added after ApiFactory too)
        List<io.pvstream.query.security.SecurityApi.RouteAccess> routes = platform.api(0).routes();
        assertThat(routes).as("routes seen").hasSizeGreaterThan(20);
        assertThat(routes).filteredOn(route -> route.requirement().undeclared())
                .as("write routes registered without a role").isEmpty();
        HttpJson anonymous = HttpJson.withKey(null);
        List<String> open = new ArrayList<>();
        for (io.pvstream.query.security.SecurityApi.RouteAccess route : routes) {
            if (!io.pvstream.query.security.RoutePolicy.isWrite(route.method()) || route.requirement().internal()
                    || route.requirement().role() == io.pvstream.query.security.Role.READER) {
                continue;
            }
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            HttpJson.Response answer = switch (route.method()) {
                case "POST" -> anonymous.post(api1, path, "{}");
                case "PUT" -> anonymous.put(api1, path, "{}");
                case "DELETE" -> anonymous.delete(api1, path);
                default -> throw new AssertionError("a write method this test does not send: " + route.method());
            };
            if (answer.status() != 401) {
                open.add(route.method() + " " + path + ": " + answer.status());
            }
        }
        assertThat(open).as("writes answered without a key").isEmpty();
    }

    private HttpJson.Response keep(HttpJson.Response response) {
        bodies.add(response.body() == null ? "" : response.body().toString());
        return response;
    }

    private static String describe(JsonNode entry) {
        return entry.path("method").asText() + " " + entry.path("path").asText() + " " + entry.path("status").asInt()
                + " " + entry.path("keyName").asText() + " " + entry.path("role").asText() + " "
                + entry.path("targetId").asText();
    }

    /** Ids of every event on the audit topic. */
    private Set<String> auditTopicIds() {
        Map<String, Object> props = new HashMap<>(platform.common());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SECURITY_AUDIT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    AuditEvent event = Serdes.AUDIT_EVENT.deserialize(record.topic(), record.value());
                    ids.add(event.getId());
                    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.getId());
                }
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return ids;
    }
}
