package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.query.QueryApiServer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.simioc.SimulatedIoc;

/**
 * A lagging Streams side on real parts (broker, simulated IOC, ingest, one query-api): its processing is paused while
 * updates keep coming, so its latest-value store falls behind Kafka. Health must say so, readiness must answer 503,
 * a PV's view must say how old it is, and a snapshot save must wait for the store (or 503) rather than record PVs
 * from it as never seen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsLagEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** snapshot.catchup.timeout.ms of the instance under test. */
    private static final int CATCH_UP_TIMEOUT_MS = 3_000;

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private SimulatedIoc ioc;
    private QueryApiServer server;
    private int api;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        ioc = platform.addIoc(SimulatedIoc.builder().pvCount(10).updateRateHz(0).setpointCount(0));
        platform.startServices(1, Map.of("snapshot.catchup.timeout.ms", CATCH_UP_TIMEOUT_MS));
        server = platform.api(0);
        api = server.port();
        Map<String, Object> props = new HashMap<>(platform.common());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        await().atMost(PATIENCE).until(() -> ioc.pvNames().stream().allMatch(this::connected));
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        platform.close();
    }

    @Test
    void healthIsDegradedAndNotReadyWhileTheStoreLagsThenUpOnceCaughtUp() {
        String pv = ioc.pvNames().get(0);
        await().atMost(PATIENCE).until(() -> http.get(api, "/api/v1/health/ready").status() == 200);

        server.pauseProcessing();
        try {
            produceValues(pv, 500);
            await().atMost(PATIENCE).untilAsserted(() -> {
                HttpJson.Response ready = http.get(api, "/api/v1/health/ready");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.body().path("status").asText()).isEqualTo("DEGRADED");
                assertThat(ready.body().path("reason").asText()).contains("behind");
            });
            HttpJson.Response health = http.get(api, "/api/v1/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body().path("status").asText()).isEqualTo("DEGRADED");
            JsonNode lag = health.body().path("lag");
            assertThat(lag.path("storeLagMs").asLong()).isGreaterThan(2_000);
            JsonNode values = lag.path("topics").path(Topics.PV_VALUES);
            assertThat(values.path("recordsBehind").asLong()).isGreaterThanOrEqualTo(500);
            assertThat(values.path("oldestUnprocessedAgeMs").asLong()).isGreaterThan(2_000);
            assertThat(lag.path("topics").path(Topics.PV_CONNECTIONS).path("partitions").asInt())
                    .as("every input topic is listed").isPositive();
            assertThat(http.get(api, pvPath(pv)).body().path("viewLagMs").asLong())
                    .as("the PV's view says it is old").isGreaterThan(2_000);
        } finally {
            server.resumeProcessing();
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpJson.Response ready = http.get(api, "/api/v1/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body().path("status").asText()).isEqualTo("UP");
            assertThat(http.get(api, pvPath(pv)).body().path("viewLagMs").asLong()).isZero();
            HttpJson.Response health = http.get(api, "/api/v1/health");
            assertThat(health.body().path("lag").path("topics").path(Topics.PV_VALUES).path("recordsBehind").asLong())
                    .isZero();
            assertThat(health.body().path("status").asText()).isEqualTo("UP");
        });
    }

    @Test
    void aSnapshotSavedWhileTheStoreLagsWaitsForItAndRecordsEveryConnectedPv() throws Exception {
        List<String> fresh = IntStream.range(0, 20).mapToObj(i -> "LAG:FRESH:" + i).toList();
        CompletableFuture<HttpJson.Response> saved;
        server.pauseProcessing();
        try {
            produceValues(ioc.pvNames().get(1), 5_000); // a backlog ahead of them
            fresh.forEach(this::produceConnectedPv);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(http.get(api, "/api/v1/health").body()
                    .path("lag").path("topics").path(Topics.PV_CONNECTIONS).path("recordsBehind").asLong())
                    .as("the store has not applied their connections").isGreaterThanOrEqualTo(fresh.size()));
            saved = CompletableFuture.supplyAsync(() -> http.post(api, "/api/v1/snapshots",
                    "{\"name\":\"during lag\",\"pvs\":" + json(fresh) + "}"));
        } finally {
            server.resumeProcessing();
        }

        HttpJson.Response response = saved.get(60, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("pvCount").asInt()).isEqualTo(fresh.size());
        assertThat(response.body().path("notOk")).as("no connected PV saved as never seen").isEmpty();
        String id = response.body().path("id").asText();
        JsonNode read = http.get(api, "/api/v1/snapshots/" + id).body();
        assertThat(read.path("values")).hasSize(fresh.size())
                .allSatisfy(value -> assertThat(value.path("state").asText()).isEqualTo("ok"));
    }

    @Test
    void aSnapshotSaveAgainstAStoreThatDoesNotCatchUpInTimeIs503AndSavesNothing() {
        server.pauseProcessing();
        try {
            produceConnectedPv("LAG:LATE:1");
            HttpJson.Response response = http.post(api, "/api/v1/snapshots",
                    "{\"name\":\"too late\",\"pvs\":[\"LAG:LATE:1\"]}");

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body().path("error").asText()).isEqualTo("unavailable");
            assertThat(response.body().path("message").asText())
                    .contains("updates behind", Topics.PV_VALUES, Topics.PV_CONNECTIONS, "nothing saved");
        } finally {
            server.resumeProcessing();
        }
    }

    private void produceValues(String pv, int count) {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < count; i++) {
            PvValue value = PvValue.newBuilder().setName(pv).setTimestampNs(now + i).setValue((double) i)
                    .setSeverity(Severity.NO_ALARM).setStatus(AlarmStatus.NO_ALARM).build();
            producer.send(new ProducerRecord<>(Topics.PV_VALUES, pv, Serdes.PV_VALUE.serializer()
                    .serialize(Topics.PV_VALUES, value)));
        }
        producer.flush();
    }

    /** A PV as the ingest would publish it on connecting: its connection, then a value. */
    private void produceConnectedPv(String pv) {
        long now = System.currentTimeMillis() * 1_000_000L;
        PvConnection connection = PvConnection.newBuilder().setName(pv).setConnected(true).setServer("127.0.0.1:5064")
                .setSinceNs(now).build();
        producer.send(new ProducerRecord<>(Topics.PV_CONNECTIONS, pv, Serdes.PV_CONNECTION.serializer()
                .serialize(Topics.PV_CONNECTIONS, connection)));
        produceValues(pv, 1);
    }

    private boolean connected(String pv) {
        HttpJson.Response response = http.get(api, pvPath(pv));
        return response.status() == 200 && response.body().path("connected").asBoolean();
    }

    private static String pvPath(String pv) {
        return "/api/v1/pvs/" + pv;
    }

    private static String json(List<String> names) {
        return names.stream().map(name -> "\"" + name + "\"").collect(java.util.stream.Collectors.joining(",", "[",
                "]"));
    }
}
