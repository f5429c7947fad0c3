package io.pvstream.query;

import static io.pvstream.query.TestRecords.fullState;
import static io.pvstream.query.TestRecords.meta;
import static io.pvstream.query.TestRecords.valueOnly;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.DoubleArray;
import io.pvstream.schemas.avro.EnumValue;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import okhttp3.Response;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.pv.PvController;

/** GET /api/v1/pvs/{name}: JSON shape, 404, 503, and when to forward. */
class PvEndpointTest extends ApiTestSupport {

    @Test
    void knownPvShowsValueTimeAlarmMetadataAndConnection() {
        lookup.put(fullState("SIM:A", 1.5));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:A");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.header(PeerClient.SERVED_BY)).isEqualTo("127.0.0.1:7001");
            JsonNode pv = json(response);
            assertThat(pv.path("name").asText()).isEqualTo("SIM:A");
            assertThat(pv.path("value").asDouble()).isEqualTo(1.5);
            assertThat(pv.path("timestamp").asText()).isEqualTo("2023-11-14T22:13:20.123456789Z");
            assertThat(pv.path("timestampNs").asLong()).isEqualTo(TestRecords.T0_NS);
            assertThat(pv.path("severity").asText()).isEqualTo("MINOR");
            assertThat(pv.path("status").asText()).isEqualTo("HIGH");
            assertThat(pv.path("type").asText()).isEqualTo("DOUBLE");
            assertThat(pv.path("count").asInt()).isEqualTo(1);
            assertThat(pv.path("units").asText()).isEqualTo("mA");
            assertThat(pv.path("precision").asInt()).isEqualTo(3);
            assertThat(pv.path("limits").path("displayHigh").asDouble()).isEqualTo(100.0);
            assertThat(pv.path("limits").path("alarmHiHi").asDouble()).isEqualTo(95.0);
            assertThat(pv.path("limits").path("alarmLoLo").isNull()).isTrue();
            assertThat(pv.path("enumLabels").isArray()).isTrue();
            assertThat(pv.path("connected").asBoolean()).isTrue();
            assertThat(pv.path("server").asText()).isEqualTo("127.0.0.1:5064");
            assertThat(pv.path("connectionSince").asText()).isEqualTo("2023-11-14T22:13:20.123456790Z");
            assertThat(pv.path("readAccess").asBoolean()).isTrue();
            assertThat(pv.path("writeAccess").asBoolean()).isTrue();
        });
    }

    @Test
    void unknownPartsAreNullNotMissing() {
        lookup.put(valueOnly("SIM:A", 2.0));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode pv = json(client.get("/api/v1/pvs/SIM:A"));
            assertThat(pv.path("value").asDouble()).isEqualTo(2.0);
            for (String field : List.of("units", "limits", "connected", "server", "connectionSince", "writeAccess")) {
                assertThat(pv.has(field)).as(field).isTrue();
                assertThat(pv.get(field).isNull()).as(field).isTrue();
            }
        });
    }

    @Test
    void theViewSaysHowOldItIsSoAStaleAnswerDiffersFromAQuietPv() {
        lookup.put(fullState("SIM:A", 1.5), fullState("SIM:B", 2.5));
        lag.byPv.put("SIM:A", 0L);
        lag.byPv.put("SIM:B", 31_000L);
        JavalinTest.test(app(), (server, client) -> {
            assertThat(json(client.get("/api/v1/pvs/SIM:A")).path("viewLagMs").asLong()).as("caught up").isZero();
            assertThat(json(client.get("/api/v1/pvs/SIM:B")).path("viewLagMs").asLong()).isEqualTo(31_000);
        });
        lag.byPv.clear();
        JavalinTest.test(app(), (server, client) -> {
            JsonNode pv = json(client.get("/api/v1/pvs/SIM:A"));
            assertThat(pv.has("viewLagMs") && pv.get("viewLagMs").isNull()).as("not measured: null").isTrue();
        });
    }

    @Test
    void enumStringIntegerAndArrayValues() {
        PvMeta enumMeta = PvMeta.newBuilder(meta("SIM:ENUM")).setType(DbrType.ENUM).setUnits(null)
                .setEnumLabels(List.of("OFF", "ON")).build();
        lookup.put(new PvState("SIM:ENUM", TestRecords.value("SIM:ENUM", new EnumValue(1, null)), enumMeta, null,
                        null, null, null),
                fullState("SIM:STR", "hello"),
                fullState("SIM:LONG", 42L),
                fullState("SIM:WAVE", new DoubleArray(List.of(1.0, 2.5))));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode enumValue = json(client.get("/api/v1/pvs/SIM:ENUM")).path("value");
            assertThat(enumValue.path("index").asInt()).isEqualTo(1);
            assertThat(enumValue.path("label").asText()).as("label from the metadata").isEqualTo("ON");
            assertThat(json(client.get("/api/v1/pvs/SIM:STR")).path("value").asText()).isEqualTo("hello");
            JsonNode longValue = json(client.get("/api/v1/pvs/SIM:LONG")).path("value");
            assertThat(longValue.isIntegralNumber()).isTrue();
            assertThat(longValue.asLong()).isEqualTo(42L);
            JsonNode wave = json(client.get("/api/v1/pvs/SIM:WAVE")).path("value");
            assertThat(wave.isArray()).isTrue();
            assertThat(wave.get(1).asDouble()).isEqualTo(2.5);
        });
    }

    @Test
    void unknownPvIs404WithAJsonError() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:NOPE");
            assertThat(response.code()).isEqualTo(404);
            assertThat(response.body().string())
                    .isEqualTo("{\"error\":\"not_found\",\"message\":\"unknown PV SIM:NOPE\"}");
        });
    }

    @Test
    void aDesiredPvNotSeenYetIs200NeverConnectedNot404() {
        lookup.desire("SIM:LATE", "SIM:A").put(valueOnly("SIM:A", 2.0));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:LATE");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header(PeerClient.SERVED_BY)).isEqualTo("127.0.0.1:7001");
            JsonNode pv = json(response);
            assertThat(pv.path("name").asText()).isEqualTo("SIM:LATE");
            assertThat(pv.path("connected").isBoolean()).isTrue();
            assertThat(pv.path("connected").asBoolean()).isFalse();
            assertThat(pv.path("neverConnected").asBoolean()).isTrue();
            for (String field : List.of("value", "timestamp", "severity", "units", "server", "received")) {
                assertThat(pv.get(field).isNull()).as(field).isTrue();
            }
            assertThat(pv.path("removed").asBoolean()).isFalse();

            JsonNode seen = json(client.get("/api/v1/pvs/SIM:A"));
            assertThat(seen.path("neverConnected").asBoolean()).as("a PV with a value was connected").isFalse();
            assertThat(client.get("/api/v1/pvs/SIM:NOPE").code()).as("not desired, never seen").isEqualTo(404);
        });
    }

    @Test
    void aPvSeenOnlyDisconnectedIsNeverConnectedAndAConnectedOneIsNot() {
        lookup.put(new PvState("SIM:DOWN", null, null, TestRecords.connection("SIM:DOWN", false), null, null, null),
                new PvState("SIM:UP", null, null, TestRecords.connection("SIM:UP", true), null, null, null));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode down = json(client.get("/api/v1/pvs/SIM:DOWN"));
            assertThat(down.path("connected").asBoolean()).isFalse();
            assertThat(down.path("neverConnected").asBoolean()).isTrue();
            JsonNode up = json(client.get("/api/v1/pvs/SIM:UP"));
            assertThat(up.path("connected").asBoolean()).isTrue();
            assertThat(up.path("neverConnected").asBoolean()).isFalse();
        });
    }

    @Test
    void percentEncodedNamesAreDecoded() {
        lookup.put(valueOnly("SIM:A B+C", 1.0));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get(PvController.pathOf("SIM:A B+C"));
            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).path("name").asText()).isEqualTo("SIM:A B+C");
        });
    }

    @Test
    void whileStreamsIsNotRunningItIs503WithRetryAfter() {
        lookup.put(valueOnly("SIM:A", 1.0));
        lookup.setState(KafkaStreams.State.REBALANCING);
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:A");
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
            JsonNode error = json(response);
            assertThat(error.path("error").asText()).isEqualTo("unavailable");
            assertThat(error.path("message").asText()).contains("SIM:A", "REBALANCING");
        });
    }

    @Test
    void aStoreThatCannotAnswerIs503() {
        lookup.setStoreReady(false);
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:A");
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
            assertThat(json(response).path("message").asText()).contains("rebalancing");
        });
    }

    @Test
    void pvOfAnotherInstanceIsForwardedAndItsAnswerRelayed() {
        lookup.ownedBy("SIM:R", OTHER);
        peers.answer(OTHER, path -> new PeerClient.PeerResponse(200, "application/json",
                "{\"name\":\"SIM:R\",\"value\":3}", Map.of("x-pvstream-served-by", "127.0.0.1:7002")));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:R");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header(PeerClient.SERVED_BY)).isEqualTo("127.0.0.1:7002");
            assertThat(response.body().string()).isEqualTo("{\"name\":\"SIM:R\",\"value\":3}");
            assertThat(peers.requests).containsExactly(new RecordingPeers.Request(OTHER, "/api/v1/pvs/SIM%3AR"));
        });
    }

    @Test
    void theOwnersErrorsAreRelayedToo() {
        lookup.ownedBy("SIM:GONE", OTHER);
        peers.answer(OTHER, path -> RecordingPeers.json(404, "{\"error\":\"not_found\",\"message\":\"unknown PV SIM:GONE\"}"));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:GONE");
            assertThat(response.code()).isEqualTo(404);
            assertThat(json(response).path("message").asText()).isEqualTo("unknown PV SIM:GONE");
        });
    }

    @Test
    void anOwnerThatDoesNotAnswerIs503() {
        lookup.ownedBy("SIM:R", OTHER); // no answer registered: connection refused
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:R");
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
            assertThat(json(response).path("message").asText()).contains("127.0.0.1:7002", "did not answer");
        });
    }

    @Test
    void anOwnerThatDoesNotAnswerIsStoodInForByTheStandbyCopyHere() {
        lookup.ownedBy("SIM:R", OTHER).standbyCopy(TestRecords.fullState("SIM:R", 4.25));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:R");
            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).path("value").asDouble()).isEqualTo(4.25);
            assertThat(response.header(PvController.STANDBY_HEADER)).contains("127.0.0.1:7002", "did not answer");
        });
    }

    @Test
    void aForwardedRequestForAPvWeDoNotOwnIs503AndNotForwardedAgain() {
        lookup.ownedBy("SIM:R", OTHER);
        peers.answer(OTHER, path -> RecordingPeers.json(200, "{}"));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:R",
                    request -> request.header(PeerClient.FORWARDED_BY, "127.0.0.1:7003"));
            assertThat(response.code()).isEqualTo(503);
            assertThat(json(response).path("message").asText()).contains("does not own SIM:R");
            assertThat(peers.requests).isEmpty();
        });
    }

    @Test
    void aForwardedRequestForAPvWeOwnIsAnswered() {
        lookup.put(valueOnly("SIM:A", 1.0));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:A",
                    request -> request.header(PeerClient.FORWARDED_BY, "127.0.0.1:7002"));
            assertThat(response.code()).isEqualTo(200);
        });
    }

    @Test
    void unknownRouteIs404Json() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/nothing-here");
            assertThat(response.code()).isEqualTo(404);
            JsonNode error = json(response);
            assertThat(error.path("error").asText()).isEqualTo("not_found");
            assertThat(error.path("message").asText()).contains("/api/v1/nothing-here");
        });
    }

    @Test
    void badNamesAre400Json() {
        JavalinTest.test(app(), (server, client) -> {
            // rejected by our validation, by Jetty's URI parser (before Javalin), and a blank name
            for (String path : List.of("/api/v1/pvs/%01A", "/api/v1/pvs/%zz", "/api/v1/pvs/%00", "/api/v1/pvs/%20")) {
                Response response = client.get(path);
                assertThat(response.code()).as(path).isEqualTo(400);
                assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
                assertThat(json(response).path("error").asText()).as(path).isEqualTo("bad_request");
            }
        });
    }

    @Test
    void anEncodedSlashIsPartOfTheName() {
        lookup.put(valueOnly("A/B", 1.0));
        JavalinTest.test(app(), (server, client) ->
                assertThat(json(client.get("/api/v1/pvs/A%2FB")).path("name").asText()).isEqualTo("A/B"));
    }

    @Test
    void anUnexpectedFailureIs500JsonWithoutStackTrace() {
        lookup.failWith(new IllegalStateException("secret internals"));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:A");
            assertThat(response.code()).isEqualTo(500);
            String body = response.body().string();
            assertThat(body).isEqualTo("{\"error\":\"internal\",\"message\":\"internal error; see the server log\"}");
        });
    }
}
