package io.pvstream.query;

import static io.pvstream.query.TestRecords.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import io.pvstream.schemas.Topics;
import io.pvstream.streams.lag.LagSample;
import io.pvstream.streams.lag.PartitionLag;
import okhttp3.Response;
import io.pvstream.records.IsoTime;

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

    private static final long NOW_MS = NOW.toEpochMilli();

    /** A sample taken {@code sampleAgeMs} before now, pv.values partition 0 behind by {@code ageMs}. */
    private static LagSample behind(long sampleAgeMs, long records, long ageMs) {
        return new LagSample(NOW_MS - sampleAgeMs, List.of(
                new PartitionLag(Topics.PV_VALUES, 0, 1_000 + records, 1_000, records, ageMs),
                new PartitionLag(Topics.PV_CONNECTIONS, 0, 50, 50, 0, 0),
                new PartitionLag(Topics.PV_DIFFS, 0, 900, 890, 10, 20)));
    }

    @Test
    void theLagOfEveryInputTopicIsReportedAndWithinTheBoundItIsReady() {
        lookup.withHeartbeat(heartbeat("ingest-1", NOW_NS, 1000));
        lag.sample = behind(100, 40, 1_500);
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/health");
            assertThat(response.code()).isEqualTo(200);
            JsonNode lagNode = json(response).path("lag");
            assertThat(lagNode.path("storeLagMs").asLong()).isEqualTo(1_500);
            assertThat(lagNode.path("storeRecordsBehind").asLong()).isEqualTo(40);
            assertThat(lagNode.path("maxLagMs").asLong()).isEqualTo(2_000);
            assertThat(lagNode.path("sampleAgeMs").asLong()).isEqualTo(100);
            JsonNode values = lagNode.path("topics").path(Topics.PV_VALUES);
            assertThat(values.path("recordsBehind").asLong()).isEqualTo(40);
            assertThat(values.path("oldestUnprocessedAgeMs").asLong()).isEqualTo(1_500);
            assertThat(values.path("partitions").asInt()).isEqualTo(1);
            assertThat(lagNode.path("topics").path(Topics.PV_DIFFS).path("recordsBehind").asLong()).isEqualTo(10);

            Response ready = client.get("/api/v1/health/ready");
            assertThat(ready.code()).isEqualTo(200);
            JsonNode body = json(ready);
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.path("reason").isNull()).isTrue();
        });
    }

    @Test
    void aStoreFurtherBehindThanTheBoundIsNotReadyAndHealthSaysDegraded() {
        lookup.withHeartbeat(heartbeat("ingest-1", NOW_NS, 1000));
        lag.sample = behind(100, 30_000, 2_500);
        JavalinTest.test(app(), (server, client) -> {
            Response health = client.get("/api/v1/health");
            assertThat(health.code()).isEqualTo(503);
            assertThat(json(health).path("status").asText()).isEqualTo("DEGRADED");

            Response ready = client.get("/api/v1/health/ready");
            assertThat(ready.code()).isEqualTo(503);
            JsonNode body = json(ready);
            assertThat(body.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(body.path("reason").asText()).contains("2500 ms", "30000 updates");
            assertThat(body.path("lag").path("storeLagMs").asLong()).isEqualTo(2_500);
        });
    }

    @Test
    void aLagMeasuredTooLongAgoIsNotKnownSoNotReady() {
        lookup.withHeartbeat(heartbeat("ingest-1", NOW_NS, 1000));
        lag.sample = behind(6_000, 0, 0);
        JavalinTest.test(app(), (server, client) -> {
            Response ready = client.get("/api/v1/health/ready");
            assertThat(ready.code()).isEqualTo(503);
            assertThat(json(ready).path("reason").asText()).contains("not known");
        });
    }

    @Test
    void streamsNotRunningIsNotReadyWhateverTheLag() {
        lookup.setState(KafkaStreams.State.REBALANCING);
        JavalinTest.test(app(), (server, client) -> {
            Response ready = client.get("/api/v1/health/ready");
            assertThat(ready.code()).isEqualTo(503);
            assertThat(json(ready).path("status").asText()).isEqualTo("DEGRADED");
        });
        lookup.setState(KafkaStreams.State.PENDING_SHUTDOWN);
        JavalinTest.test(app(), (server, client) ->
                assertThat(json(client.get("/api/v1/health/ready")).path("status").asText()).isEqualTo("DOWN"));
    }
}
