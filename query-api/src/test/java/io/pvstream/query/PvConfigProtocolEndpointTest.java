package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.pvconfig.PvConfigEndpoints;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The protocol of a PV spec ({@code ca} | {@code pva}, or a {@code pva://} name prefix) over REST, JSON and CSV. */
class PvConfigProtocolEndpointTest extends ApiTestSupport {

    private final InMemoryPvConfigs configs = new InMemoryPvConfigs(SELF);

    @Override
    Javalin app() {
        Javalin app = super.app();
        new PvConfigEndpoints(configs, peers, configs).addRoutes(app);
        return app;
    }

    private static Response postCsv(HttpClient client, String csv) {
        return client.request("/api/v1/config/pvs/import",
                request -> request.post(RequestBody.create(csv, MediaType.get("text/csv"))));
    }

    @Test
    void theProtocolFieldIsWrittenAndShownAndDefaultsToCa() {
        JavalinTest.test(app(), (server, client) -> {
            Response put = client.put("/api/v1/config/pvs/LI:Q1", "{\"protocol\":\"PVA\"}");
            assertThat(put.code()).isEqualTo(200);
            assertThat(json(put).path("protocol").asText()).isEqualTo("pva");
            assertThat(configs.local.get("LI:Q1").getProtocol()).isEqualTo(PvProtocol.PVA);
            assertThat(json(client.get("/api/v1/config/pvs/LI:Q1")).path("protocol").asText()).isEqualTo("pva");

            client.put("/api/v1/config/pvs/LI:Q2", "{}");
            assertThat(configs.local.get("LI:Q2").getProtocol()).isEqualTo(PvProtocol.CA);
            assertThat(json(client.get("/api/v1/config/pvs/LI:Q2")).path("protocol").asText()).isEqualTo("ca");
        });
    }

    @Test
    void aPvaPrefixMeansPvaAndIsKeptInTheName() {
        JavalinTest.test(app(), (server, client) -> {
            Response put = client.put("/api/v1/config/pvs/pva%3A%2F%2FLI%3AQ1", "{}");
            assertThat(put.code()).isEqualTo(200);
            JsonNode written = json(put);
            assertThat(written.path("name").asText()).isEqualTo("pva://LI:Q1");
            assertThat(written.path("protocol").asText()).isEqualTo("pva");
            assertThat(configs.local.get("pva://LI:Q1").getProtocol()).isEqualTo(PvProtocol.PVA);
            assertThat(client.put("/api/v1/config/pvs/pva%3A%2F%2FLI%3AQ1", "{\"protocol\":\"pva\"}").code())
                    .isEqualTo(200);

            // a record written without the field (older writers) still shows the protocol the ingest uses
            configs.local.put("pva://OLD", PvConfig.newBuilder().setName("pva://OLD").build());
            assertThat(json(client.get("/api/v1/config/pvs/pva%3A%2F%2FOLD")).path("protocol").asText())
                    .isEqualTo("pva");
        });
    }

    @Test
    void anyOtherProtocolOrAContradictionIs400AndWritesNothing() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode unknown = json(client.put("/api/v1/config/pvs/LI:Q1", "{\"protocol\":\"tcp\"}"));
            assertThat(unknown.path("error").asText()).isEqualTo("bad_request");
            assertThat(unknown.path("message").asText()).contains("protocol: unknown 'tcp' (ca or pva");

            Response contradiction = client.put("/api/v1/config/pvs/pva%3A%2F%2FLI%3AQ1", "{\"protocol\":\"ca\"}");
            assertThat(contradiction.code()).isEqualTo(400);
            assertThat(json(contradiction).path("message").asText()).contains("prefix says pva");

            assertThat(client.put("/api/v1/config/pvs/LI:Q1", "{\"protocol\":1}").code()).isEqualTo(400);
            assertThat(client.put("/api/v1/config/pvs/LI:Q1", "{\"protocol\":\"pva://\"}").code()).isEqualTo(400);
            Response emptyChannel = client.put("/api/v1/config/pvs/pva%3A%2F%2F", "{}");
            assertThat(emptyChannel.code()).isEqualTo(400);
            assertThat(json(emptyChannel).path("message").asText()).contains("no channel name after the pva://");
            assertThat(configs.recordsWritten.get()).isZero();
        });
    }

    @Test
    void csvTakesAProtocolColumnPositionalOrNamedAndReportsBadOnesPerLine() {
        String csv = """
                name,protocol,readbackPv
                LI:A,pva,LI:A:RBV
                LI:B,,
                pva://LI:C,,
                LI:D,http,
                pva://LI:E,ca,
                """;
        JavalinTest.test(app(), (server, client) -> {
            JsonNode report = json(postCsv(client, csv));
            assertThat(report.path("imported").asInt()).isEqualTo(3);
            assertThat(report.path("errors").get(0).path("line").asInt()).isEqualTo(5);
            assertThat(report.path("errors").get(0).path("error").asText()).contains("protocol: unknown 'http'");
            assertThat(report.path("errors").get(1).path("name").asText()).isEqualTo("pva://LI:E");
            assertThat(configs.local.get("LI:A").getProtocol()).isEqualTo(PvProtocol.PVA);
            assertThat(configs.local.get("LI:B").getProtocol()).isEqualTo(PvProtocol.CA);
            assertThat(configs.local.get("pva://LI:C").getProtocol()).isEqualTo(PvProtocol.PVA);

            // without a header the protocol is the seventh column
            json(postCsv(client, "LI:F,,,,,,PVA\n"));
            assertThat(configs.local.get("LI:F").getProtocol()).isEqualTo(PvProtocol.PVA);
        });
    }

    @Test
    void exportShowsTheProtocolAndImportsBack() {
        JavalinTest.test(app(), (server, client) -> {
            client.put("/api/v1/config/pvs/X:A", "{\"protocol\":\"pva\"}");
            client.put("/api/v1/config/pvs/X:B", "{}");
            String csv = client.get("/api/v1/config/pvs/export?format=csv").body().string();
            assertThat(csv).contains("X:A,,,VALUE|ALARM,,,pva\n", "X:B,,,VALUE|ALARM,,,ca\n");
            JsonNode json = json(client.get("/api/v1/config/pvs/export"));
            assertThat(json.get(0).path("protocol").asText()).isEqualTo("pva");

            configs.local.clear();
            postCsv(client, csv);
            assertThat(configs.local.get("X:A").getProtocol()).isEqualTo(PvProtocol.PVA);
            assertThat(configs.local.get("X:B").getProtocol()).isEqualTo(PvProtocol.CA);
        });
    }
}
