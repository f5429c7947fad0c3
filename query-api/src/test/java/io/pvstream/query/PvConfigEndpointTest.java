package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.pvconfig.PvConfigEndpoints;
import io.pvstream.schemas.avro.MonitorEvent;
import io.pvstream.schemas.avro.PvConfig;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Runtime PV management over REST: specs in, pv.config records out, reads from the store, import and export. */
class PvConfigEndpointTest extends ApiTestSupport {

    private final InMemoryPvConfigs configs = new InMemoryPvConfigs(SELF);

    @Override
    Javalin app() {
        Javalin app = super.app();
        new PvConfigEndpoints(configs, peers, configs).addRoutes(app);
        return app;
    }

    private static Response postText(HttpClient client, String path, String text, String contentType) {
        return client.request(path, request -> request.post(RequestBody.create(text, MediaType.get(contentType))));
    }

    @Test
    void putWritesTheSpecGetReadsItAndDeleteRemovesIt() {
        JavalinTest.test(app(), (server, client) -> {
            Response put = client.put("/api/v1/config/pvs/SIM:A", "{\"deadband\":0.5,\"archiveDeadband\":1,"
                    + "\"monitorMask\":[\"value\",\"LOG\"],\"readbackPv\":\"SIM:A:RBV\",\"tags\":[\"linac\",\"bpm\",\"linac\"]}");
            assertThat(put.code()).isEqualTo(200);
            JsonNode written = json(put);
            assertThat(written.path("monitorMask").toString()).isEqualTo("[\"VALUE\",\"ARCHIVE\"]");
            assertThat(written.path("tags").toString()).isEqualTo("[\"linac\",\"bpm\"]");

            PvConfig record = configs.local.get("SIM:A");
            assertThat(record.getDeadband()).isEqualTo(0.5);
            assertThat(record.getArchiveDeadband()).isEqualTo(1.0);
            assertThat(record.getMonitorMask()).containsExactly(MonitorEvent.VALUE, MonitorEvent.ARCHIVE);
            assertThat(record.getReadbackPv()).isEqualTo("SIM:A:RBV");

            JsonNode read = json(client.get("/api/v1/config/pvs/SIM:A"));
            assertThat(read).isEqualTo(written);

            Response delete = client.delete("/api/v1/config/pvs/SIM:A");
            assertThat(delete.code()).isEqualTo(200);
            assertThat(json(delete).path("deleted").asBoolean()).isTrue();
            Response gone = client.get("/api/v1/config/pvs/SIM:A");
            assertThat(gone.code()).isEqualTo(404);
            assertThat(json(gone).path("error").asText()).isEqualTo("not_found");
        });
    }

    @Test
    void anEmptyBodyGivesTheDefaultSpec() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.put("/api/v1/config/pvs/SIM:B", "{}").code()).isEqualTo(200);
            PvConfig record = configs.local.get("SIM:B");
            assertThat(record.getMonitorMask()).containsExactly(MonitorEvent.VALUE, MonitorEvent.ALARM);
            assertThat(record.getDeadband()).isNull();
            assertThat(record.getTags()).isEmpty();
        });
    }

    @Test
    void invalidSpecsAre400WithEveryProblemNamedAndWriteNothing() {
        JavalinTest.test(app(), (server, client) -> {
            Response bad = client.put("/api/v1/config/pvs/SIM:A",
                    "{\"deadband\":-1,\"monitorMask\":[\"VALUE\",\"BOGUS\"],\"deadBand\":2,\"tags\":[\"\"]}");
            assertThat(bad.code()).isEqualTo(400);
            JsonNode error = json(bad);
            assertThat(error.path("error").asText()).isEqualTo("bad_request");
            assertThat(error.path("message").asText()).contains("unknown field 'deadBand'", "deadband: must be",
                    "unknown event 'BOGUS'", "tags:");

            assertThat(json(client.put("/api/v1/config/pvs/SIM:A", "{\"name\":\"SIM:OTHER\"}")).path("message")
                    .asText()).contains("the body says 'SIM:OTHER'");
            assertThat(client.put("/api/v1/config/pvs/SIM:A", "{\"monitorMask\":[]}").code()).isEqualTo(400);
            assertThat(client.put("/api/v1/config/pvs/SIM:A", "{\"deadband\":\"x\"}").code()).isEqualTo(400);
            assertThat(client.put("/api/v1/config/pvs/SIM:A", "{not json").code()).isEqualTo(400);
            assertThat(client.put("/api/v1/config/pvs/SIM:A", "[1]").code()).isEqualTo(400);
            assertThat(client.put("/api/v1/config/pvs/SIM%00A", "{}").code()).isEqualTo(400);
            assertThat(client.put("/api/v1/config/pvs/SIM:A", "{\"readbackPv\":\"has space\"}").code()).isEqualTo(400);
            assertThat(configs.recordsWritten.get()).isZero();
        });
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeIs503() {
        configs.kafkaDown = true;
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.put("/api/v1/config/pvs/SIM:A", "{}");
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
            assertThat(client.delete("/api/v1/config/pvs/SIM:A").code()).isEqualTo(503);
        });
    }

    @Test
    void aSpecOwnedByAnotherInstanceIsAskedThere() {
        configs.ownedBy("SIM:REMOTE", OTHER);
        peers.answer(OTHER, path -> RecordingPeers.json(200, "{\"name\":\"SIM:REMOTE\",\"deadband\":2.0,"
                + "\"archiveDeadband\":null,\"monitorMask\":[\"VALUE\"],\"readbackPv\":null,\"tags\":[]}"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode spec = json(client.get("/api/v1/config/pvs/SIM:REMOTE"));
            assertThat(spec.path("deadband").asDouble()).isEqualTo(2.0);
            assertThat(peers.requests).singleElement()
                    .satisfies(r -> assertThat(r.pathAndQuery()).isEqualTo("/api/v1/config/pvs/SIM%3AREMOTE"));
        });
    }

    @Test
    void theListPagesInNameOrderAcrossInstances() {
        configs.withPeer(OTHER);
        peers.answer(OTHER, path -> RecordingPeers.json(200, "{\"items\":["
                + "{\"name\":\"SIM:B\",\"monitorMask\":[\"VALUE\"],\"tags\":[]},"
                + "{\"name\":\"SIM:D\",\"monitorMask\":[\"VALUE\"],\"tags\":[]}]}"));
        JavalinTest.test(app(), (server, client) -> {
            client.put("/api/v1/config/pvs/SIM:A", "{}");
            client.put("/api/v1/config/pvs/SIM:C", "{}");
            JsonNode first = json(client.get("/api/v1/config/pvs?prefix=SIM:&limit=3"));
            assertThat(names(first)).containsExactly("SIM:A", "SIM:B", "SIM:C");
            assertThat(first.path("next").asText()).isEqualTo("SIM:C");
            assertThat(client.get("/api/v1/config/pvs?limit=0").code()).isEqualTo(400);
        });
    }

    @Test
    void csvImportWritesTheGoodLinesAndReportsEveryBadOneWithItsLine() {
        String csv = """
                # desired PVs of the linac
                name,deadband,monitorMask,tags
                LI:BPM1:X,0.01,VALUE|ALARM,linac|bpm
                LI:BPM1:Y,not-a-number,,
                LI:BPM2:X,,ARCHIVE,
                "LI:QUAD,1",,,
                ,0.1,,
                LI:BPM2:Y
                """;
        JavalinTest.test(app(), (server, client) -> {
            Response response = postText(client, "/api/v1/config/pvs/import", csv, "text/csv");
            assertThat(response.code()).isEqualTo(200);
            JsonNode report = json(response);
            assertThat(report.path("lines").asInt()).isEqualTo(6);
            assertThat(report.path("imported").asInt()).isEqualTo(4);
            assertThat(report.path("failed").asInt()).isEqualTo(2);
            assertThat(report.path("errors").get(0).path("line").asInt()).isEqualTo(4);
            assertThat(report.path("errors").get(0).path("name").asText()).isEqualTo("LI:BPM1:Y");
            assertThat(report.path("errors").get(0).path("error").asText()).contains("deadband: not a number");
            assertThat(report.path("errors").get(1).path("line").asInt()).isEqualTo(7);
            assertThat(report.path("errors").get(1).path("error").asText()).contains("name: required");

            assertThat(configs.local.keySet()).containsExactly("LI:BPM1:X", "LI:BPM2:X", "LI:BPM2:Y", "LI:QUAD,1");
            assertThat(configs.local.get("LI:BPM1:X").getTags()).containsExactly("linac", "bpm");
            assertThat(configs.local.get("LI:BPM2:X").getMonitorMask()).containsExactly(MonitorEvent.ARCHIVE);

            // idempotent: the same file again leaves the same set
            postText(client, "/api/v1/config/pvs/import", csv, "text/csv");
            assertThat(configs.local).hasSize(4);
        });
    }

    @Test
    void aPlainListOfNamesImportsAndFortyThousandLinesAreFine() {
        String names = IntStream.rangeClosed(1, 40_000).mapToObj(i -> String.format("BIG:PV%05d", i))
                .collect(Collectors.joining("\n"));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode report = json(postText(client, "/api/v1/config/pvs/import?format=csv", names, "text/plain"));
            assertThat(report.path("imported").asInt()).isEqualTo(40_000);
            assertThat(report.path("failed").asInt()).isZero();
            assertThat(configs.local).hasSize(40_000);
        });
    }

    @Test
    void jsonImportTakesAnArrayOrAPvsObject() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode report = json(client.post("/api/v1/config/pvs/import",
                    "[{\"name\":\"J:A\",\"deadband\":1},{\"name\":\"J:B\",\"monitorMask\":\"VALUE|ALARM\"},{\"deadband\":1}]"));
            assertThat(report.path("imported").asInt()).isEqualTo(2);
            assertThat(report.path("errors").get(0).path("line").asInt()).isEqualTo(3);
            assertThat(json(client.post("/api/v1/config/pvs/import", "{\"pvs\":[{\"name\":\"J:C\"}]}"))
                    .path("imported").asInt()).isEqualTo(1);
            assertThat(configs.local.keySet()).containsExactly("J:A", "J:B", "J:C");

            Response allBad = client.post("/api/v1/config/pvs/import", "[{\"name\":\"\"}]");
            assertThat(allBad.code()).isEqualTo(400);
            assertThat(json(allBad).path("failed").asInt()).isEqualTo(1);
            assertThat(client.post("/api/v1/config/pvs/import", "{\"x\":1}").code()).isEqualTo(400);
            assertThat(client.post("/api/v1/config/pvs/import", "[").code()).isEqualTo(400);
            assertThat(client.post("/api/v1/config/pvs/import", "[]").code()).isEqualTo(400);
            assertThat(postText(client, "/api/v1/config/pvs/import", "name,colour\nA,red", "text/csv").code())
                    .isEqualTo(400);
        });
    }

    @Test
    void exportInCsvAndJsonImportsBackToTheSameSet() {
        JavalinTest.test(app(), (server, client) -> {
            client.put("/api/v1/config/pvs/E:A", "{\"deadband\":0.25,\"tags\":[\"a b\",\"c,d\"]}");
            client.put("/api/v1/config/pvs/E:B", "{\"monitorMask\":[\"ARCHIVE\"],\"readbackPv\":\"E:B:RBV\"}");
            List<PvConfig> before = List.copyOf(configs.local.values());

            Response csv = client.get("/api/v1/config/pvs/export?format=csv");
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            String csvText = csv.body().string();
            assertThat(csvText).startsWith("name,deadband,archiveDeadband,monitorMask,readbackPv,tags,protocol\n");
            Response json = client.get("/api/v1/config/pvs/export");
            String jsonText = json.body().string();
            assertThat(jsonText).startsWith("[");

            configs.local.clear();
            postText(client, "/api/v1/config/pvs/import", csvText, "text/csv");
            assertThat(List.copyOf(configs.local.values())).isEqualTo(before);
            configs.local.clear();
            client.post("/api/v1/config/pvs/import", jsonText);
            assertThat(List.copyOf(configs.local.values())).isEqualTo(before);
            assertThat(client.get("/api/v1/config/pvs/export?format=xml").code()).isEqualTo(400);
        });
    }

    private static List<String> names(JsonNode page) {
        return java.util.stream.StreamSupport.stream(page.path("items").spliterator(), false)
                .map(item -> item.path("name").asText()).toList();
    }
}
