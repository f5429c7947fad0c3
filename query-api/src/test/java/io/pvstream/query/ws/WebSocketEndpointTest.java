package io.pvstream.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.records.restore.JobView;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.JobProgress;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.WriteOutcome;
import io.pvstream.schemas.avro.JobState;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.RestoreJob;
import io.pvstream.schemas.avro.Severity;

/**
 * The endpoint on a real Jetty with a real WebSocket client; diffs are published directly (no Kafka) and the
 * snapshot comes from a fixed loader. What the session logic decides is tested in {@link ClientSessionTest}.
 */
class WebSocketEndpointTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final long T0_NS = 1_700_000_000_123_456_789L;
    private static final WsSettings SETTINGS = new WsSettings(Duration.ofMillis(50), Duration.ofSeconds(30), 100, 4096,
            1000, Duration.ofSeconds(10), 5);

    private final InitialStateLoader loader = (pvs, patterns, cap) -> new InitialStateLoader.InitialState(
            List.of(new ObjectMapper().createObjectNode().put("name", "SIM:A").put("value", 1.0)), List.of("SIM:NONE"), false);
    /** Knows job j-1 only (attempt 1, RUNNING). */
    private final JobLoader jobLoader = ids -> ids.contains("j-1") ? List.of(JobView.of(progress("j-1", JobState.RUNNING, 0, 1)))
            : List.of();
    private WebSocketService service;
    private Javalin app;

    @BeforeEach
    void start() {
        service = new WebSocketService(SETTINGS, loader, jobLoader, Map.of("bootstrap.servers", "127.0.0.1:1"), "test");
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.modifyWebSocketServletFactory(service::configureFactory);
            config.router.mount(router -> {
                router.ws(WebSocketService.PATH, service::configure);
                router.get(WebSocketService.STATS_PATH, service::stats);
            });
        }).start("127.0.0.1", 0);
        service.startBatching();
    }

    @AfterEach
    void stop() {
        app.stop();
        service.close();
    }

    private static PvDiff diff(String name, Object value, Severity severity, boolean connected, PvChange... changes) {
        PvValue pvValue = PvValue.newBuilder().setName(name).setTimestampNs(T0_NS).setValue(value).setSeverity(severity)
                .setStatus(severity == Severity.NO_ALARM ? AlarmStatus.NO_ALARM : AlarmStatus.HIGH).build();
        PvConnection connection = PvConnection.newBuilder().setName(name).setConnected(connected).setSinceNs(T0_NS).build();
        return new PvDiff(name, null, new PvDiffState(pvValue, connection), List.of(changes));
    }

    private static JobProgress progress(String jobId, JobState state, int written, long updatedNs) {
        RestoreJob job = RestoreJob.newBuilder().setJobId(jobId).setSnapshotId("snap").setAttempt(1).setTotal(2)
                .setCreatedNs(T0_NS).setStartedNs(T0_NS).setDeadlineNs(T0_NS + 1).build();
        return JobProgress.newBuilder().setJob(job).setState(state).setTotal(2).setWritten(written)
                .setVerified(written).setFailed(0).setSkipped(0).setUpdatedNs(T0_NS + updatedNs).build();
    }

    private WsTestClient subscribed(String message) throws InterruptedException {
        WsTestClient client = new WsTestClient(app.port());
        client.send(message);
        client.next("snapshot", PATIENCE);
        return client;
    }

    @Test
    void subscribeAnswersWithTheSnapshotThenDiffsInTheRestApisShape() throws Exception {
        try (WsTestClient client = new WsTestClient(app.port())) {
            client.send("{\"type\":\"subscribe\",\"id\":\"a\",\"pvs\":[\"SIM:A\",\"SIM:NONE\"],\"patterns\":[\"ENUM:*\"]}");
            JsonNode snapshot = client.next("snapshot", PATIENCE);
            assertThat(snapshot.path("id").asText()).isEqualTo("a");
            assertThat(snapshot.path("pvs").get(0).path("name").asText()).isEqualTo("SIM:A");
            assertThat(snapshot.path("unknown").get(0).asText()).isEqualTo("SIM:NONE");
            assertThat(snapshot.path("subscriptions").asInt()).isEqualTo(3);

            service.publish(diff("SIM:A", 2.5, Severity.MINOR, true, PvChange.VALUE, PvChange.SEVERITY));
            service.publish(diff("ENUM:X", new EnumValue(1, "ON"), Severity.NO_ALARM, false, PvChange.FIRST));
            service.publish(diff("OTHER:Y", 1.0, Severity.NO_ALARM, true, PvChange.VALUE));

            // one window usually holds all three; on a busy machine a window may close between two publishes
            List<JsonNode> diffs = new java.util.ArrayList<>();
            while (diffs.size() < 2) {
                client.next("diffs", PATIENCE).path("diffs").forEach(diffs::add);
            }
            JsonNode a = diffs.get(0);
            assertThat(a.path("name").asText()).isEqualTo("SIM:A");
            assertThat(a.path("value").asDouble()).isEqualTo(2.5);
            assertThat(a.path("severity").asText()).isEqualTo("MINOR");
            assertThat(a.path("timestamp").asText()).isEqualTo("2023-11-14T22:13:20.123456789Z");
            assertThat(a.path("timestampNs").asLong()).isEqualTo(T0_NS);
            assertThat(a.path("changes")).extracting(JsonNode::asText).containsExactly("VALUE", "SEVERITY");
            assertThat(a.has("status")).as("only the parts that changed").isFalse();
            assertThat(a.has("connected")).isFalse();
            JsonNode enumDiff = diffs.get(1);
            assertThat(enumDiff.path("value").path("label").asText()).isEqualTo("ON");
            assertThat(enumDiff.path("connected").asBoolean(true)).as("FIRST carries every part").isFalse();
            assertThat(enumDiff.path("status").asText()).isEqualTo("NO_ALARM");
            assertThat(diffs).as("OTHER:Y is not watched").hasSize(2);
        }
    }

    @Test
    void nanIsSentAsTheStringNaNLikeRest() throws Exception {
        try (WsTestClient client = subscribed("{\"type\":\"subscribe\",\"pvs\":[\"SIM:A\"]}")) {
            service.publish(diff("SIM:A", Double.NaN, Severity.INVALID, true, PvChange.VALUE));

            assertThat(client.next("diffs", PATIENCE).path("diffs").get(0).path("value").asText()).isEqualTo("NaN");
        }
    }

    @Test
    void aBadMessageGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (WsTestClient client = new WsTestClient(app.port())) {
            client.send("{not json");
            JsonNode error = client.next("error", PATIENCE);
            assertThat(error.path("error").asText()).isEqualTo("bad_request");
            client.sendBinary(new byte[] {1, 2, 3});
            assertThat(client.next("error", PATIENCE).path("message").asText()).contains("binary");

            client.send("{\"type\":\"subscribe\",\"pvs\":[\"SIM:A\"]}");
            assertThat(client.next("snapshot", PATIENCE).path("pvs")).hasSize(1);
            assertThat(client.closed).isNotDone();
        }
    }

    @Test
    void aClientThatKeepsSendingBadMessagesIsClosed() throws Exception {
        try (WsTestClient client = new WsTestClient(app.port())) {
            for (int i = 0; i < 6; i++) {
                client.send("{\"type\":\"nonsense\"}");
            }
            WsTestClient.Closed closed = client.closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).contains("too many bad messages");
        }
    }

    @Test
    void aFrameAboveTheSizeLimitClosesTheConnection() throws Exception {
        try (WsTestClient client = new WsTestClient(app.port())) {
            client.send("{\"type\":\"subscribe\",\"pvs\":[\"" + "X".repeat(5000) + "\"]}");

            assertThat(client.closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(1009);
        }
    }

    @Test
    void jobSubscribersGetTheCurrentProgressThenItsChanges() throws Exception {
        try (WsTestClient client = new WsTestClient(app.port()); WsTestClient all = new WsTestClient(app.port())) {
            client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"jobs\":[\"j-1\",\"j-x\"]}");
            JsonNode subscribed = client.next("subscribed", PATIENCE);
            assertThat(subscribed.path("id").asText()).isEqualTo("s");
            assertThat(subscribed.path("unknown")).extracting(JsonNode::asText).containsExactly("j-x");
            assertThat(subscribed.path("subscriptions").asInt()).isEqualTo(2);
            JsonNode current = client.next("job", PATIENCE);
            assertThat(current.path("jobId").asText()).isEqualTo("j-1");
            assertThat(current.path("state").asText()).isEqualTo("RUNNING");
            assertThat(current.path("pending").asInt()).as("the REST view's fields").isEqualTo(2);
            all.send("{\"type\":\"subscribe\",\"jobs\":[\"*\"]}");
            all.next("subscribed", PATIENCE);

            service.publish(progress("j-2", JobState.RUNNING, 0, 5)); // watched by "*" only
            service.publish(progress("j-1", JobState.RUNNING, 1, 10));
            service.publish(progress("j-1", JobState.SUCCEEDED, 2, 20));

            JsonNode last = client.next("job", PATIENCE);
            while (!last.path("state").asText().equals("SUCCEEDED")) {
                last = client.next("job", PATIENCE); // a window may have closed between the two
            }
            assertThat(last.path("written").asInt()).isEqualTo(2);
            assertThat(last.path("jobId").asText()).isEqualTo("j-1");
            List<String> seenByAll = new java.util.ArrayList<>();
            while (seenByAll.size() < 2 || !seenByAll.contains("j-1 SUCCEEDED")) {
                JsonNode job = all.next("job", PATIENCE);
                seenByAll.add(job.path("jobId").asText() + " " + job.path("state").asText());
            }
            assertThat(seenByAll).contains("j-2 RUNNING");

            client.send("{\"type\":\"unsubscribe\",\"id\":\"u\",\"jobs\":[\"j-1\"]}");
            assertThat(client.next("unsubscribed", PATIENCE).path("subscriptions").asInt()).isEqualTo(1);
        }
    }

    @Test
    void jobSubscribersGetEachPvsResultOfTheirJobsOnly() throws Exception {
        try (WsTestClient client = new WsTestClient(app.port())) {
            client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"jobs\":[\"j-1\"]}");
            client.next("subscribed", PATIENCE);
            client.next("job", PATIENCE); // its current progress

            service.publish(result("j-2", "SIM:B", WriteOutcome.FAILED)); // not watched
            service.publish(result("j-1", "SIM:A", WriteOutcome.VERIFIED));
            service.publish(result("j-1", "SIM:C", WriteOutcome.CIRCUIT_OPEN));

            List<String> seen = new java.util.ArrayList<>();
            while (seen.size() < 2) {
                JsonNode message = client.next("jobResults", PATIENCE);
                assertThat(message.path("jobId").asText()).isEqualTo("j-1");
                message.path("results").forEach(result -> seen.add(result.path("pvName").asText() + " "
                        + result.path("outcome").asText() + " " + result.path("category").asText()));
            }
            assertThat(seen).containsExactlyInAnyOrder("SIM:A VERIFIED VERIFIED", "SIM:C CIRCUIT_OPEN FAILED");
        }
    }

    private static PvWriteResult result(String jobId, String pv, WriteOutcome outcome) {
        return PvWriteResult.newBuilder().setJobId(jobId).setAttempt(1).setPvName(pv).setOutcome(outcome)
                .setTries(1).setCompletedNs(T0_NS).build();
    }

    @Test
    void statsCountClientsAndDiffs() throws Exception {
        try (WsTestClient client = subscribed("{\"type\":\"subscribe\",\"pvs\":[\"SIM:A\"]}")) {
            service.publish(diff("SIM:A", 1.0, Severity.NO_ALARM, true, PvChange.VALUE));
            client.next("diffs", PATIENCE);

            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + app.port() + WebSocketService.STATS_PATH)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonNode stats = new ObjectMapper().readTree(response.body());
            assertThat(stats.path("clients").asInt()).isEqualTo(1);
            assertThat(stats.path("diffsReceived").asLong()).isEqualTo(1);
        }
    }
}
