package io.pvstream.query.ops;

import static io.pvstream.query.ops.RowAssertions.assertAllFit;
import static io.pvstream.query.ops.RowAssertions.pvRow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.testtools.JavalinTest;
import io.pvstream.schemas.avro.OpsOperation;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import okhttp3.Response;
import io.pvstream.records.db.ConfirmedSource;
import io.pvstream.records.buffer.TxDraft;
import io.pvstream.records.buffer.TxPublisher;
import io.pvstream.records.catalog.Configuration;
import io.pvstream.records.catalog.ConfigurationInput;
import io.pvstream.records.catalog.ConfigurationPv;
import io.pvstream.records.catalog.ConfigurationWrites;

/** /api/v1/configurations: writes buffered with pre-generated ids, reads merged with the pending overlay. */
class ConfigurationEndpointTest extends OpsApiSupport {

    private static final String BODY = "{\"name\":\"Linac\",\"description\":\"injector\",\"pvs\":["
            + "{\"name\":\"SIM:B\",\"toleranceAbs\":0.5},{\"name\":\"SIM:A\",\"readOnly\":true}]}";

    @Test
    void createAnswers201WithPreGeneratedIdsAndLocationAndBuffersTheRows() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.post("/api/v1/configurations", BODY,
                    request -> request.header(EntityController.AUTHOR_HEADER, "alice"));
            assertThat(response.code()).isEqualTo(201);
            assertThat(response.header("Location")).isEqualTo("/api/v1/configurations/" + uuid(1));
            JsonNode created = json(response);
            assertThat(created.path("id").asText()).isEqualTo(uuid(1));
            assertThat(created.path("txId").asText()).isEqualTo(uuid(2));
            assertThat(created.path("state").asText()).isEqualTo("pending");
            assertThat(created.path("name").asText()).isEqualTo("Linac");
            assertThat(created.path("updatedAt").asText()).isEqualTo("2026-03-01T12:00:00.123Z");
            assertThat(created.path("pvCount").asInt()).isEqualTo(2);
            assertThat(created.path("pvs").findValuesAsText("name")).containsExactly("SIM:A", "SIM:B");

            OpsTransaction tx = publisher.last();
            assertThat(publisher.sent).hasSize(1);
            assertThat(tx.getTxId()).isEqualTo(uuid(2));
            assertThat(tx.getEntityId()).isEqualTo(uuid(1));
            assertThat(tx.getOperation()).isEqualTo(OpsOperation.CREATE);
            assertThat(tx.getBufferedNs()).isEqualTo(NOW_NS);
            assertThat(tx.getAuthor()).isEqualTo("alice");
            assertThat(tx.getRows()).hasSize(3);
            assertAllFit(tx.getRows(), uuid(2), uuid(1));
            assertThat(pvRow(tx.getRows(), "SIM:A").getColumns()).containsEntry("read_only", true);
            JsonNode entityJson = json(tx.getEntityJson());
            assertThat(entityJson.path("pvs")).isEqualTo(created.path("pvs"));
            assertThat(entityJson.has("state")).isFalse();
        });
    }

    @Test
    void aNewConfigurationIsReadableAtOnceAndThenWithTheStateOfItsPendingEntry() {
        JavalinTest.test(app(), (server, client) -> {
            String location = client.post("/api/v1/configurations", BODY).header("Location");
            // not yet in the pending store (the stream task has not consumed it): this instance remembers it
            JsonNode justWritten = json(client.get(location));
            assertThat(justWritten.path("state").asText()).isEqualTo("pending");
            assertThat(justWritten.path("pvs").size()).isEqualTo(2);

            pending.add(publisher.last(), PendingState.COMMITTED);
            assertThat(json(client.get(location)).path("state").asText()).isEqualTo("committed");
        });
    }

    @Test
    void plainNamesAndAPastedListAreAcceptedAsWellAsObjects() {
        JavalinTest.test(app(), (server, client) -> {
            for (String pvs : List.of("[\"SIM:B\",\"SIM:A\"]", "[\"SIM:B\",{\"name\":\"SIM:A\"}]",
                    "\"SIM:B\\nSIM:A\\n\"", "\"SIM:B, SIM:A\"")) {
                Response response = client.post("/api/v1/configurations", "{\"name\":\"Linac\",\"pvs\":" + pvs + "}");
                assertThat(response.code()).as(pvs).isEqualTo(201);
                JsonNode created = json(response);
                assertThat(created.path("pvCount").asInt()).as(pvs).isEqualTo(2);
                assertThat(created.path("pvs").findValuesAsText("name")).as(pvs).containsExactly("SIM:A", "SIM:B");
                assertThat(created.path("pvs").get(0).path("readOnly").asBoolean()).as(pvs).isFalse();
            }
            assertThat(publisher.sent).hasSize(4);
        });
    }

    @Test
    void badBodiesAre400WithAJsonError() {
        JavalinTest.test(app(), (server, client) -> {
            for (String body : List.of("not json", "[1,2]", "{\"name\":", "{\"pvs\":[]}", "{\"name\":\"a\",\"pvs\":"
                    + "[{\"name\":\"X\"},{\"name\":\"X\"}]}")) {
                Response response = client.post("/api/v1/configurations", body);
                assertThat(response.code()).as(body).isEqualTo(400);
                JsonNode error = json(response);
                assertThat(error.path("error").asText()).isEqualTo("bad_request");
                assertThat(error.path("message").asText()).isNotBlank();
            }
            Response empty = client.request("/api/v1/configurations", request -> request.post(
                    okhttp3.RequestBody.create(new byte[0], null)));
            assertThat(empty.code()).isEqualTo(400);
            assertThat(publisher.sent).isEmpty();
        });
    }

    @Test
    void bodiesOverTheLimitAre413WithOrWithoutContentLength() {
        String big = "{\"name\":\"a\",\"description\":\"" + "x".repeat((int) MAX_BODY) + "\"}";
        JavalinTest.test(app(), (server, client) -> {
            Response declared = client.post("/api/v1/configurations", big);
            assertThat(declared.code()).isEqualTo(413);
            assertThat(json(declared).path("message").asText()).contains("http.max.request.bytes");

            Response chunked = client.request("/api/v1/configurations", request -> request.post(new okhttp3.RequestBody() {
                @Override
                public okhttp3.MediaType contentType() {
                    return okhttp3.MediaType.get("application/json");
                }

                @Override
                public long contentLength() {
                    return -1; // chunked: no Content-Length for Javalin to check
                }

                @Override
                public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
                    sink.writeUtf8(big);
                }
            }));
            assertThat(chunked.code()).isEqualTo(413);
            assertThat(json(chunked).path("error").asText()).isEqualTo("content_too_large");

            StringBuilder manyPvs = new StringBuilder("{\"name\":\"a\",\"pvs\":[");
            for (int i = 0; i <= MAX_PVS; i++) {
                manyPvs.append(i == 0 ? "" : ",").append("{\"name\":\"P").append(i).append("\"}");
            }
            Response tooMany = client.post("/api/v1/configurations", manyPvs.append("]}").toString());
            assertThat(tooMany.code()).isEqualTo(413);
            assertThat(json(tooMany).path("message").asText()).contains("ops.max.pvs.per.configuration");
            assertThat(publisher.sent).isEmpty();
        });
    }

    @Test
    void putReplacesThePvsAndSoftDeletesTheRemovedOnes() {
        String id = uuid(100);
        configurations.put(new Configuration(id, "tx-old", "Linac", null, "2026-03-01T10:00:00Z", 2, List.of(
                new ConfigurationPv("SIM:A", null, null, false), new ConfigurationPv("SIM:B", 1.0, null, false))));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.put("/api/v1/configurations/" + id,
                    "{\"name\":\"Linac\",\"pvs\":[{\"name\":\"SIM:A\"},{\"name\":\"SIM:C\"}]}");
            assertThat(response.code()).isEqualTo(200);
            JsonNode updated = json(response);
            assertThat(updated.path("state").asText()).isEqualTo("pending");
            assertThat(updated.path("txId").asText()).isEqualTo(uuid(1));
            assertThat(updated.path("pvs").findValuesAsText("name")).containsExactly("SIM:A", "SIM:C");

            OpsTransaction tx = publisher.last();
            assertThat(tx.getOperation()).isEqualTo(OpsOperation.UPDATE);
            assertAllFit(tx.getRows(), uuid(1), id);
            assertThat(pvRow(tx.getRows(), "SIM:B").getColumns()).containsEntry("deleted", true)
                    .containsEntry("tolerance_abs", 1.0);
            assertThat(pvRow(tx.getRows(), "SIM:C").getColumns()).containsEntry("deleted", false);
            assertThat(tx.getRows()).hasSize(4);
        });
    }

    @Test
    void deleteSoftDeletesEverythingAndThenTheConfigurationIsGone() {
        String id = uuid(100);
        configurations.put(new Configuration(id, "tx-old", "Linac", null, "2026-03-01T10:00:00Z", 1,
                List.of(new ConfigurationPv("SIM:A", null, null, false))));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.delete("/api/v1/configurations/" + id);
            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).path("deleted").asBoolean()).isTrue();
            assertThat(publisher.last().getRows()).hasSize(2)
                    .allSatisfy(row -> assertThat(row.getColumns()).containsEntry("deleted", true));

            assertThat(client.get("/api/v1/configurations/" + id).code()).isEqualTo(404);
            assertThat(json(client.get("/api/v1/configurations")).path("items").size()).isZero();

            pending.add(publisher.last(), PendingState.PENDING); // now the store has the delete too
            assertThat(client.get("/api/v1/configurations/" + id).code()).isEqualTo(404);
            assertThat(client.put("/api/v1/configurations/" + id, "{\"name\":\"again\"}").code()).isEqualTo(404);
        });
    }

    @Test
    void unknownAndMalformedIds() {
        JavalinTest.test(app(), (server, client) -> {
            Response unknown = client.get("/api/v1/configurations/" + uuid(999));
            assertThat(unknown.code()).isEqualTo(404);
            assertThat(json(unknown).path("message").asText()).isEqualTo("unknown configuration " + uuid(999));
            assertThat(client.put("/api/v1/configurations/" + uuid(999), "{\"name\":\"a\"}").code()).isEqualTo(404);
            assertThat(client.delete("/api/v1/configurations/" + uuid(999)).code()).isEqualTo(404);
            Response malformed = client.get("/api/v1/configurations/not-a-uuid");
            assertThat(malformed.code()).isEqualTo(400);
            assertThat(json(malformed).path("message").asText()).contains("must be a UUID");
            assertThat(publisher.sent).isEmpty();
        });
    }

    @Test
    void theStateSaysWhereTheVersionShownIs() {
        String inReplica = uuid(101);
        String updating = uuid(102);
        configurations.setSource(ConfirmedSource.REPLICA);
        configurations.put(configuration(inReplica, "Replicated"));
        configurations.put(configuration(updating, "Old name"));
        pending.add(ConfigurationWrites.update(new TxDraft("tx-new", NOW_NS, null), configuration(updating, "Old name"),
                List.of(), new ConfigurationInput("New name", null, List.of()), new ObjectMapper()).tx(),
                PendingState.PENDING);
        JavalinTest.test(app(), (server, client) -> {
            assertThat(json(client.get("/api/v1/configurations/" + inReplica)).path("state").asText())
                    .isEqualTo("replicated");
            JsonNode item = json(client.get("/api/v1/configurations/" + updating));
            assertThat(item.path("state").asText()).isEqualTo("pending");
            assertThat(item.path("name").asText()).isEqualTo("New name");
            assertThat(item.path("txId").asText()).isEqualTo("tx-new");
        });
    }

    @Test
    void withTheDatabaseDownPendingEntitiesAreServedAndOthersAre503() {
        String stored = uuid(101);
        configurations.put(configuration(stored, "In the database only"));
        configurations.setDown(true);
        JavalinTest.test(app(), (server, client) -> {
            String location = client.post("/api/v1/configurations", BODY).header("Location");
            assertThat(client.get(location).code()).isEqualTo(200);

            Response down = client.get("/api/v1/configurations/" + stored);
            assertThat(down.code()).isEqualTo(503);
            assertThat(down.header("Retry-After")).isEqualTo("2");
            assertThat(json(down).path("message").asText()).contains("cannot answer", "no write waiting")
                    .doesNotContain("jdbc:");

            JsonNode list = json(client.get("/api/v1/configurations"));
            assertThat(list.path("database").asText()).isEqualTo("unavailable");
            assertThat(list.path("items").findValuesAsText("name")).containsExactly("Linac");
            assertThat(list.path("items").get(0).has("pvs")).as("lists carry no PV lists").isFalse();
        });
    }

    @Test
    void theWriteIs503WhenKafkaDoesNotAcknowledgeAnd413WhenItRefusesTheSize() {
        JavalinTest.test(app(), (server, client) -> {
            publisher.failWith(new TxPublisher.PublishException("no acknowledgement within 10000 ms", false, null));
            Response timeout = client.post("/api/v1/configurations", BODY);
            assertThat(timeout.code()).isEqualTo(503);
            assertThat(json(timeout).path("message").asText()).contains(uuid(1), uuid(2), "may still be applied");
            assertThat(client.get("/api/v1/configurations/" + uuid(1)).code()).as("not remembered").isEqualTo(404);

            publisher.failWith(new TxPublisher.PublishException("2000000 bytes is more than ops.tx accepts", true, null));
            Response tooLarge = client.post("/api/v1/configurations", BODY);
            assertThat(tooLarge.code()).isEqualTo(413);
            assertThat(json(tooLarge).path("message").asText()).contains("ops.tx");
        });
    }

    static Configuration configuration(String id, String name) {
        return new Configuration(id, "tx-" + id, name, null, "2026-03-01T10:00:00Z", 1,
                List.of(new ConfigurationPv("SIM:A", null, null, false)));
    }
}
