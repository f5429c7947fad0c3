package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
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

import io.pvstream.devstack.WebSocketTestClient.Received;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.query.QueryApiServer;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.avro.WriteOutcome;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.serde.Serdes;

/**
 * Restore-job progress on real parts: a KRaft broker and a query-api instance (its embedded Streams app aggregates
 * the job). The job and its results are written here in Kafka transactions, as the query API and ingest write
 * them; {@code GET /api/v1/jobs/{id}} and a WebSocket client subscribed to the job see the progress.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Few partitions: fewer topics and changelogs to create, so the instance is RUNNING sooner. */
    private static final int PARTITIONS = 2;

    private final HttpJson http = new HttpJson();
    private Path dir;
    private EmbeddedKafka kafka;
    private QueryApiServer api;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("pvstream-jobs-e2e");
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        Map<String, Object> common = Map.of(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                CommonConfig.TOPIC_PARTITIONS, PARTITIONS);
        try (Admin admin = Admin.create(Map.of(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers()))) {
            TopicInitializer.ensureTopics(admin, PARTITIONS, (short) 1);
        }
        Map<String, Object> overrides = new HashMap<>(common);
        overrides.put(QueryApiConfig.HTTP_PORT, 0);
        overrides.put("streams.state.dir", dir.resolve("api").toString());
        overrides.put(QueryApiConfig.WS_BATCH_WINDOW_MS, 50);
        api = QueryApiServer.start(QueryApiConfig.load(Map.of(), overrides));
        assertThat(api.awaitRunning(PATIENCE)).as("streams RUNNING").isTrue();

        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "jobs-e2e-" + UUID.randomUUID());
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (api != null) {
            api.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private void inTransaction(RestoreJob job, List<PvWriteResult> results, boolean commit) {
        producer.beginTransaction();
        if (job != null) {
            producer.send(new ProducerRecord<>(Topics.RESTORE_JOBS, job.getJobId(),
                    Serdes.RESTORE_JOB.serialize(Topics.RESTORE_JOBS, job)));
        }
        for (PvWriteResult result : results) {
            producer.send(new ProducerRecord<>(Topics.PV_WRITE_RESULTS, result.getJobId(),
                    Serdes.PV_WRITE_RESULT.serialize(Topics.PV_WRITE_RESULTS, result)));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static RestoreJob job(String jobId, int total) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return RestoreJob.newBuilder().setJobId(jobId).setSnapshotId("snap-e2e").setAttempt(1).setTotal(total)
                .setAuthor("e2e").setCreatedNs(now).setStartedNs(now).setDeadlineNs(now + 600_000_000_000L).build();
    }

    private static PvWriteResult result(String jobId, String pv, WriteOutcome outcome, String instance) {
        return PvWriteResult.newBuilder().setJobId(jobId).setAttempt(1).setPvName(pv).setOutcome(outcome)
                .setMessage(outcome == WriteOutcome.VERIFIED ? null : outcome.name()).setInstance(instance)
                .setTries(1).setCompletedNs(System.currentTimeMillis() * 1_000_000L).build();
    }

    private JsonNode jobWhen(String jobId, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpJson.Response response = http.get(api.port(), "/api/v1/jobs/" + jobId);
            found[0] = response.body();
            return response.status() == 200 && condition.test(response.body().path("job"));
        });
        return found[0];
    }

    /** Subscribes until the answer is {@code subscribed} (an {@code unavailable} error while Streams settles). */
    private static Received subscribeToJob(WebSocketTestClient client, String jobId) {
        Received[] answer = new Received[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            int seen = client.received.size();
            client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"jobs\":[\"" + jobId + "\"]}");
            Received reply = client.await(m -> client.received.indexOf(m) >= seen
                    && (m.type().equals("subscribed") || m.type().equals("error")), Duration.ofSeconds(10));
            answer[0] = reply.type().equals("subscribed") ? reply : null;
            return answer[0] != null;
        });
        return answer[0];
    }

    @Test
    void progressOfATransactionalJobReachesRestAndWebSocket() {
        await().atMost(PATIENCE).until(() -> http.get(api.port(), "/api/v1/ws/stats").body()
                .path("feedsReading").asBoolean());
        String jobId = UUID.randomUUID().toString();
        try (WebSocketTestClient client = WebSocketTestClient.connect(api.port())) {
            Received subscribed = subscribeToJob(client, jobId);
            assertThat(subscribed.json().path("unknown")).extracting(JsonNode::asText).containsExactly(jobId);

            // as the query API starts it: the job and the planner's own results in one transaction
            inTransaction(job(jobId, 5), List.of(result(jobId, "E2E:D", WriteOutcome.SKIPPED_READ_ONLY, null)), true);
            JsonNode running = jobWhen(jobId, job -> job.path("skipped").asInt() == 1);
            assertThat(running.path("job").path("state").asText()).isEqualTo("RUNNING");
            assertThat(running.path("job").path("pending").asInt()).isEqualTo(4);
            // the job record and its planner result each change the progress: the client sees the newest
            Received started = client.await(m -> m.type().equals("job") && m.json().path("skipped").asInt() == 1,
                    PATIENCE);
            assertThat(started.json().path("state").asText()).isEqualTo("RUNNING");
            assertThat(started.json().path("jobId").asText()).isEqualTo(jobId);

            // as ingest reports: three outcomes; then an aborted transaction that must not count; then the last PV
            inTransaction(null, List.of(result(jobId, "E2E:A", WriteOutcome.VERIFIED, "ingest-1"),
                    result(jobId, "E2E:B", WriteOutcome.VERIFIED, "ingest-1"),
                    result(jobId, "E2E:C", WriteOutcome.WRITTEN_NOT_VERIFIED, "ingest-1")), true);
            inTransaction(null, List.of(result(jobId, "E2E:A", WriteOutcome.FAILED, "ingest-1")), false);
            inTransaction(null, List.of(result(jobId, "E2E:E", WriteOutcome.VERIFIED, "ingest-1")), true);

            JsonNode done = jobWhen(jobId, job -> !job.path("state").asText().equals("RUNNING"));
            JsonNode view = done.path("job");
            assertThat(view.path("state").asText()).as("written but not verified").isEqualTo("FAILED");
            assertThat(view.path("written").asInt()).isEqualTo(4);
            assertThat(view.path("verified").asInt()).isEqualTo(3);
            assertThat(view.path("notVerified").asInt()).isEqualTo(1);
            assertThat(view.path("failed").asInt()).as("the aborted result is not read").isZero();
            assertThat(view.path("skipped").asInt()).isEqualTo(1);
            assertThat(view.path("finished").isTextual()).isTrue();
            JsonNode first = done.path("results").path("items").get(0);
            assertThat(first.path("pvName").asText()).as("not verified first").isEqualTo("E2E:C");
            assertThat(done.path("results").path("items").size()).isEqualTo(5);

            Received last = client.await(m -> m.type().equals("job") && m.json().path("state").asText().equals("FAILED"),
                    PATIENCE);
            assertThat(last.json().path("jobId").asText()).isEqualTo(jobId);
            assertThat(last.json().path("written").asInt()).isEqualTo(4);
        }

        JsonNode list = http.get(api.port(), "/api/v1/jobs").body();
        assertThat(list.path("items")).extracting(item -> item.path("jobId").asText()).contains(jobId);
        assertThat(http.get(api.port(), "/api/v1/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(http.get(api.port(), "/api/v1/health/circuits").body().path("circuits").isArray()).isTrue();
    }
}
