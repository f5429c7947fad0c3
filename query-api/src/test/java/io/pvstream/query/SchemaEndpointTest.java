package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.schemas.SchemaRoutes;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.catalog.SchemaCatalog;
import okhttp3.Response;
import io.pvstream.query.http.Json;

class SchemaEndpointTest {

    private Javalin app() {
        return ApiFactory.create(new ApiTestSupport().services()
                .withSchemas(new SchemaRoutes(SchemaCatalog.get(), Json.newMapper())));
    }

    @Test
    void theListingGivesEachTopicItsKeyAndValueSchema() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/schemas");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = ApiTestSupport.json(response);
            JsonNode values = topic(body, "pv.values");
            assertThat(values.at("/key/format").asText()).isEqualTo("string");
            assertThat(values.at("/value/format").asText()).isEqualTo("avro");
            assertThat(values.at("/value/fingerprint").asText())
                    .isEqualTo(SchemaCatalog.hex(SchemaCatalog.fingerprint(PvValue.getClassSchema())));
            Schema served = new Schema.Parser().parse(values.at("/value/schema").toString());
            // the generated class adds avro.java.string properties; the canonical form is the same
            assertThat(SchemaCatalog.fingerprint(served)).isEqualTo(SchemaCatalog.fingerprint(PvValue.getClassSchema()));
            assertThat(topic(body, "pv.diffs").at("/value/name").asText()).isEqualTo("PvDiff");
            assertThat(topic(body, "pv.archive").at("/value/format").asText()).isEqualTo("json_row");
            assertThat(topic(body, "ops.apply.*").isMissingNode()).isFalse();
            assertThat(body.get("schemas").findValuesAsText("file")).contains("PvValue.avsc", "PvState.v1.avsc");
        });
    }

    @Test
    void aFingerprintGivesItsSchemaCurrentOrHistoric() {
        JavalinTest.test(app(), (server, client) -> {
            String current = SchemaCatalog.hex(SchemaCatalog.fingerprint(PvDiff.getClassSchema()));
            Response response = client.get("/api/v1/schemas/" + current.toUpperCase());
            assertThat(response.code()).isEqualTo(200);
            assertThat(SchemaCatalog.hex(SchemaCatalog.fingerprint(new Schema.Parser().parse(response.body().string()))))
                    .isEqualTo(current);

            SchemaCatalog.Entry old = SchemaCatalog.get().history().get(0);
            Response historic = client.get("/api/v1/schemas/" + old.fingerprintHex());
            assertThat(historic.code()).isEqualTo(200);
            assertThat(new Schema.Parser().parse(historic.body().string())).isEqualTo(old.schema());
        });
    }

    @Test
    void unknownIs404AndMalformedIs400WithAJsonBody() {
        JavalinTest.test(app(), (server, client) -> {
            Response unknown = client.get("/api/v1/schemas/0123456789abcdef");
            assertThat(unknown.code()).isEqualTo(404);
            assertThat(ApiTestSupport.json(unknown).get("error").asText()).isEqualTo("not_found");
            for (String bad : new String[] {"xyz", "0123456789abcdef0", "0123456789abcdeg"}) {
                Response malformed = client.get("/api/v1/schemas/" + bad);
                assertThat(malformed.code()).as(bad).isEqualTo(400);
                assertThat(ApiTestSupport.json(malformed).get("error").asText()).isEqualTo("bad_request");
            }
        });
    }

    private static JsonNode topic(JsonNode body, String name) {
        for (JsonNode topic : body.get("topics")) {
            if (topic.get("topic").asText().equals(name)) {
                return topic;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
