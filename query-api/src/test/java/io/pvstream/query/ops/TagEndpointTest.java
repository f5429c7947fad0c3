package io.pvstream.query.ops;

import static io.pvstream.query.ops.RowAssertions.assertAllFit;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.testtools.JavalinTest;
import io.pvstream.schemas.avro.OpsOperation;
import okhttp3.Response;
import io.pvstream.records.db.ConfirmedSource;
import io.pvstream.records.catalog.Tag;

/** /api/v1/tags: the same life cycle with one row per write. */
class TagEndpointTest extends OpsApiSupport {

    @Test
    void createReadUpdateListAndDeleteATag() {
        JavalinTest.test(app(), (server, client) -> {
            Response created = client.post("/api/v1/tags", "{\"name\":\"golden\",\"description\":\"reference\"}");
            assertThat(created.code()).isEqualTo(201);
            String location = created.header("Location");
            assertThat(location).isEqualTo("/api/v1/tags/" + uuid(1));
            assertAllFit(publisher.last().getRows(), uuid(2), uuid(1));

            JsonNode read = json(client.get(location));
            assertThat(read.path("name").asText()).isEqualTo("golden");
            assertThat(read.path("description").asText()).isEqualTo("reference");

            Response updated = client.put(location, "{\"name\":\"gold\"}");
            assertThat(updated.code()).isEqualTo(200);
            JsonNode update = json(updated);
            assertThat(update.path("description").isNull()).as("PUT replaces: description cleared").isTrue();
            assertThat(publisher.last().getOperation()).isEqualTo(OpsOperation.UPDATE);
            assertThat(publisher.last().getRows().get(0).getColumns()).containsEntry("description", null);
            assertThat(json(client.get(location)).path("name").asText()).as("latest write wins").isEqualTo("gold");
            assertThat(json(client.get("/api/v1/tags")).path("items").findValuesAsText("name")).containsExactly("gold");

            assertThat(client.delete(location).code()).isEqualTo(200);
            assertThat(publisher.last().getRows().get(0).getColumns()).containsEntry("deleted", true);
            assertThat(client.get(location).code()).isEqualTo(404);
            assertThat(json(client.get("/api/v1/tags")).path("items").size()).isZero();
            assertThat(publisher.sent).hasSize(3);
        });
    }

    @Test
    void aTagReadFromTheReplicaIsReplicatedAndADeletedOneIsGone() {
        tags.setSource(ConfirmedSource.REPLICA);
        tags.put(new Tag(uuid(50), "tx-50", "golden", null, "2026-03-01T10:00:00Z"));
        tags.putDeleted(new Tag(uuid(51), "tx-51", "old", null, "2026-03-01T10:00:00Z"));
        JavalinTest.test(app(), (server, client) -> {
            assertThat(json(client.get("/api/v1/tags/" + uuid(50))).path("state").asText()).isEqualTo("replicated");
            assertThat(client.get("/api/v1/tags/" + uuid(51)).code()).isEqualTo(404);
        });
    }
}
