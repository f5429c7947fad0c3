package io.pvstream.query;

import static io.pvstream.query.TestRecords.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import okhttp3.Response;

/** GET /api/v1/health: UP is 200, anything else 503, and the report says why. */
class HealthEndpointTest extends ApiTestSupport {

    private static final long NOW_NS = IsoTime.epochNs(NOW);

    @Test
    void upWhenKafkaStreamsAndIngestAreFine() {
        lookup.withHeartbeat(heartbeat("ingest-1", NOW_NS - 1_500_000_000L, 1000));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/health");
            assertThat(response.code()).isEqualTo(200);
            JsonNode health = json(response);
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(health.path("kafka").path("bootstrap").asText()).isEqualTo("127.0.0.1:9092");
            assertThat(health.path("kafka").path("reachable").asBoolean()).isTrue();
            assertThat(health.path("streams").path("state").asText()).isEqualTo("RUNNING");
            assertThat(health.path("streams").path("instance").asText()).isEqualTo("127.0.0.1:7001");
            assertThat(health.path("ingest").path("alive").asBoolean()).isTrue();
            JsonNode instance = health.path("ingest").path("instances").get(0);
            assertThat(instance.path("instance").asText()).isEqualTo("ingest-1");
            assertThat(instance.path("host").asText()).isEqualTo("ioc-host");
            assertThat(instance.path("alive").asBoolean()).isTrue();
            assertThat(instance.path("ageMs").asLong()).isEqualTo(1500);
            assertThat(instance.path("lastSeen").asText()).isEqualTo(IsoTime.format(NOW_NS - 1_500_000_000L));
            assertThat(instance.path("pvCount").asInt()).isEqualTo(10);
            assertThat(instance.path("connectedCount").asInt()).isEqualTo(9);
            assertThat(instance.path("partitions").size()).isEqualTo(2);
        });
    }

    @Test
    void ingestIsDeadAfterTheMissedHeartbeats() {
        lookup.withHeartbeat(heartbeat("ingest-old", NOW_NS - 3_000_000_000L, 1000)); // 3 periods: dead
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/health");
            assertThat(response.code()).isEqualTo(503);
            JsonNode health = json(response);
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.path("ingest").path("alive").asBoolean()).isFalse();
            assertThat(health.path("ingest").path("instances").get(0).path("alive").asBoolean()).isFalse();
        });
    }

    @Test
    void oneLiveIngestInstanceIsEnough() {
        lookup.withHeartbeat(heartbeat("ingest-old", NOW_NS - 60_000_000_000L, 1000))
                .withHeartbeat(heartbeat("ingest-new", NOW_NS, 1000));
        JavalinTest.test(app(), (server, client) ->
                assertThat(json(client.get("/api/v1/health")).path("status").asText()).isEqualTo("UP"));
    }

    @Test
    void unreachableKafkaIsDegraded() {
        lookup.withHeartbeat(heartbeat("ingest-1", NOW_NS, 1000));
        kafka.reachable = false;
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/health");
            assertThat(response.code()).isEqualTo(503);
            JsonNode health = json(response);
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.path("kafka").path("reachable").asBoolean()).isFalse();
        });
    }

    @Test
    void streamsNotRunningIsDownAndUnknownHeartbeatsAreNotAlive() {
        lookup.setState(KafkaStreams.State.PENDING_SHUTDOWN);
        lookup.setStoreReady(false);
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/health");
            assertThat(response.code()).isEqualTo(503);
            JsonNode health = json(response);
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("streams").path("state").asText()).isEqualTo("PENDING_SHUTDOWN");
            assertThat(health.path("ingest").path("alive").asBoolean()).isFalse();
            assertThat(health.path("ingest").path("instances").isEmpty()).isTrue();
        });
    }
}
