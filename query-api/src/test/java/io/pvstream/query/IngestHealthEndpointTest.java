package io.pvstream.query;

import static io.pvstream.query.TestRecords.connection;
import static io.pvstream.query.TestRecords.heartbeat;
import static io.pvstream.query.TestRecords.meta;
import static io.pvstream.query.TestRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.ingest.IngestHealthEndpoints;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvError;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.records.IsoTime;
import io.pvstream.query.health.HealthService;

/** GET /api/v1/health/ingest (who-is-where, dead instances) and GET /api/v1/health/stale. */
class IngestHealthEndpointTest extends ApiTestSupport {

    private static final long NOW_NS = IsoTime.epochNs(NOW);

    @Override
    Javalin app() {
        Javalin app = super.app();
        HealthService health = new HealthService(lookup, kafka, Clock.fixed(NOW, ZoneOffset.UTC), 3);
        new IngestHealthEndpoints(health, lookup, peers, 6, Duration.ofMinutes(5)).addRoutes(app);
        return app;
    }

    private static IngestHeartbeat beat(String instance, long ageMs, List<Integer> partitions) {
        return IngestHeartbeat.newBuilder(heartbeat(instance, NOW_NS - ageMs * 1_000_000L, 1000))
                .setPartitions(partitions).build();
    }

    @Test
    void everyInstanceWithItsPartitionsAndTheDeadOnesMarked() {
        lookup.withHeartbeat(IngestHeartbeat.newBuilder(beat("ingest-a", 500, List.of(0, 1, 2)))
                        .setPvErrorCount(1).setPvErrors(List.of(new PvError("SIM:WAVE", "waveform too large"))).build())
                .withHeartbeat(beat("ingest-b", 800, List.of(3, 4)))
                .withHeartbeat(beat("ingest-dead", 10_000, List.of(5)));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode body = json(client.get("/api/v1/health/ingest"));
            assertThat(body.path("alive").asInt()).isEqualTo(2);
            assertThat(body.path("dead").asInt()).isEqualTo(1);
            assertThat(body.path("pvCount").asInt()).isEqualTo(20);
            assertThat(body.path("partitionCount").asInt()).isEqualTo(6);
            assertThat(body.path("unowned").toString()).isEqualTo("[5]");
            assertThat(body.path("partitions").get(0).path("instances").toString()).isEqualTo("[\"ingest-a\"]");
            assertThat(body.path("partitions").get(3).path("instances").toString()).isEqualTo("[\"ingest-b\"]");
            assertThat(body.path("partitions").get(5).path("instances").isEmpty()).isTrue();

            JsonNode a = body.path("instances").get(0);
            assertThat(a.path("instance").asText()).isEqualTo("ingest-a");
            assertThat(a.path("alive").asBoolean()).isTrue();
            assertThat(a.path("updatesPerSecond").asDouble()).isEqualTo(100.0);
            assertThat(a.path("pvErrorCount").asInt()).isEqualTo(1);
            assertThat(a.path("pvErrors").get(0).path("name").asText()).isEqualTo("SIM:WAVE");
            JsonNode dead = body.path("instances").get(2);
            assertThat(dead.path("instance").asText()).isEqualTo("ingest-dead");
            assertThat(dead.path("alive").asBoolean()).isFalse();
        });
    }

    @Test
    void staleListsTheFlaggedPvsOfEveryInstanceByName() {
        long flaggedAt = NOW_NS - 30_000_000_000L;
        lookup.put(new PvState("SIM:QUIET", value("SIM:QUIET", 1.0), meta("SIM:QUIET"), connection("SIM:QUIET", true),
                        TestRecords.T0_NS, null, flaggedAt),
                TestRecords.fullState("SIM:BUSY", 2.0))
                .withPeer(OTHER);
        peers.answer(OTHER, path -> RecordingPeers.json(200, "{\"items\":[{\"name\":\"SIM:ALSO\",\"stale\":true}]}"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode body = json(client.get("/api/v1/health/stale"));
            assertThat(body.path("thresholdMs").asLong()).isEqualTo(300_000);
            assertThat(body.path("count").asInt()).isEqualTo(2);
            assertThat(body.path("truncated").asBoolean()).isFalse();
            assertThat(body.path("items").get(0).path("name").asText()).isEqualTo("SIM:ALSO");
            JsonNode quiet = body.path("items").get(1);
            assertThat(quiet.path("name").asText()).isEqualTo("SIM:QUIET");
            assertThat(quiet.path("stale").asBoolean()).isTrue();
            assertThat(quiet.path("staleSince").asText()).isEqualTo(IsoTime.format(flaggedAt));
            assertThat(quiet.path("connected").asBoolean()).isTrue();

            JsonNode one = json(client.get("/api/v1/health/stale?limit=1"));
            assertThat(one.path("count").asInt()).isEqualTo(1);
            assertThat(one.path("truncated").asBoolean()).isTrue();
        });
    }

    @Test
    void thePvViewShowsRemovalStalenessTheMonitoringInstanceAndAPvError() {
        PvConnection wave = PvConnection.newBuilder(connection("SIM:WAVE", true)).setInstance("ingest-a")
                .setError("waveform too large").build();
        lookup.put(new PvState("SIM:WAVE", null, null, wave, null, null, null),
                new PvState("SIM:GONE", value("SIM:GONE", 1.0), null, connection("SIM:GONE", true),
                        TestRecords.T0_NS, TestRecords.T0_NS + 5, null));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode waveView = json(client.get("/api/v1/pvs/SIM:WAVE"));
            assertThat(waveView.path("error").asText()).isEqualTo("waveform too large");
            assertThat(waveView.path("instance").asText()).isEqualTo("ingest-a");
            assertThat(waveView.path("removed").asBoolean()).isFalse();
            assertThat(waveView.path("stale").asBoolean()).isFalse();
            assertThat(waveView.path("value").isNull()).isTrue();

            JsonNode gone = json(client.get("/api/v1/pvs/SIM:GONE"));
            assertThat(gone.path("removed").asBoolean()).isTrue();
            assertThat(gone.path("removedAt").asText()).isEqualTo(IsoTime.format(TestRecords.T0_NS + 5));
            assertThat(gone.path("received").asText()).isEqualTo(IsoTime.format(TestRecords.T0_NS));
            assertThat(gone.path("value").asDouble()).isEqualTo(1.0);
        });
    }
}
