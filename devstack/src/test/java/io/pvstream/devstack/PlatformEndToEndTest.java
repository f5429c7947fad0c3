package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.IngestService;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.query.QueryApiServer;
import io.pvstream.schemas.TopicInitializer;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.simioc.SimulatedIoc;

/**
 * Simulated IOCs → ingest → real KRaft broker → Streams → REST, all real, over loopback.
 * Two IOCs (one is stopped in a test) and two query-api instances sharing the partitions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpJson http = new HttpJson();
    private final List<AutoCloseable> parts = new ArrayList<>();
    private Path dir;
    private EmbeddedKafka kafka;
    private SimulatedIoc iocA;
    private SimulatedIoc iocB;
    private QueryApiServer api1;
    private QueryApiServer api2;

    @BeforeAll
    void startPlatform() throws Exception {
        dir = Files.createTempDirectory("pvstream-e2e");
        kafka = track(EmbeddedKafka.start(dir.resolve("kafka"), 0));
        Map<String, Object> common = Map.of(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        try (Admin admin = Admin.create(new HashMap<>(common))) {
            TopicInitializer.ensureTopics(admin, 6, (short) 1);
        }

        iocA = track(SimulatedIoc.builder().port(0).pvCount(20).updateRateHz(2).setpointCount(2).build());
        iocA.start();
        iocB = track(SimulatedIoc.builder().port(0).prefix("IOCB:").pvCount(3).updateRateHz(0).setpointCount(0).build());
        iocB.start();
        List<String> pvs = new ArrayList<>(iocA.pvNames());
        pvs.addAll(iocB.pvNames());
        PvConfigSeeder.seed(new HashMap<>(common), pvs);

        Map<String, Object> ingestOverrides = new HashMap<>(common);
        ingestOverrides.put(IngestConfig.CA_ADDR_LIST, iocA.addressList() + " " + iocB.addressList());
        ingestOverrides.put(IngestConfig.HEARTBEAT_INTERVAL_MS, 1000);
        IngestService ingest = track(new IngestService(IngestConfig.load(Map.of(), ingestOverrides)));
        ingest.start();

        api1 = track(QueryApiServer.start(apiConfig(common, "api1")));
        api2 = track(QueryApiServer.start(apiConfig(common, "api2")));
        assertThat(api1.awaitRunning(PATIENCE)).isTrue();
        assertThat(api2.awaitRunning(PATIENCE)).isTrue();
    }

    private QueryApiConfig apiConfig(Map<String, Object> common, String name) {
        Map<String, Object> overrides = new HashMap<>(common);
        overrides.put("http.port", 0);
        overrides.put("streams.state.dir", dir.resolve(name).toString());
        return QueryApiConfig.load(Map.of(), overrides);
    }

    private <T extends AutoCloseable> T track(T part) {
        parts.add(0, part);
        return part;
    }

    @AfterAll
    void stopPlatform() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private JsonNode awaitPv(int port, String pv, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpJson.Response response = http.get(port, "/api/v1/pvs/" + pv);
            assertThat(response.status()).as("GET %s: %s", pv, response.body()).isEqualTo(200);
            assertThat(condition).accepts(response.body());
            seen[0] = response.body();
        });
        return seen[0];
    }

    @Test
    void liveValueCarriesTimestampAlarmUnitsAndConnection() {
        JsonNode pv = awaitPv(api1.port(), "SIM:PV00001", body -> body.path("value").isNumber());
        assertThat(pv.path("name").asText()).isEqualTo("SIM:PV00001");
        assertThat(pv.path("units").asText()).isEqualTo("mA");
        assertThat(pv.path("severity").asText()).isIn("NO_ALARM", "MINOR", "MAJOR");
        assertThat(pv.path("status").asText()).isNotEmpty();
        assertThat(pv.path("connected").asBoolean()).isTrue();
        Instant stamp = Instant.ofEpochSecond(0, pv.path("timestampNs").asLong());
        assertThat(stamp).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
    }

    @Test
    void aChangeAtTheIocIsVisibleOverRest() {
        iocA.set("SIM:DOUBLE", 42.5);
        awaitPv(api1.port(), "SIM:DOUBLE", body -> body.path("value").asDouble() == 42.5);
        iocA.set("SIM:DOUBLE", -7.25);
        awaitPv(api2.port(), "SIM:DOUBLE", body -> body.path("value").asDouble() == -7.25);
    }

    @Test
    void stoppingAnIocShowsItsPvsDisconnectedAndARestartReconnects() {
        awaitPv(api1.port(), "IOCB:PV00001", body -> body.path("connected").asBoolean());
        iocB.stop();
        try {
            awaitPv(api1.port(), "IOCB:PV00001", body -> !body.path("connected").asBoolean(true));
            // the other IOC's PVs are unaffected, and the last value is still there
            awaitPv(api1.port(), "SIM:PV00002", body -> body.path("connected").asBoolean());
            assertThat(http.get(api1.port(), "/api/v1/pvs/IOCB:PV00001").body().has("value")).isTrue();
        } finally {
            iocB.start();
        }
        awaitPv(api1.port(), "IOCB:PV00001", body -> body.path("connected").asBoolean());
    }

    @Test
    void bothInstancesAnswerForEveryPv() {
        List<String> all = new ArrayList<>(iocA.pvNames());
        all.addAll(iocB.pvNames());
        for (String pv : all) {
            JsonNode fromOne = awaitPv(api1.port(), pv, body -> body.has("connected"));
            JsonNode fromTwo = awaitPv(api2.port(), pv, body -> body.has("connected"));
            assertThat(fromTwo.path("name").asText()).isEqualTo(fromOne.path("name").asText()).isEqualTo(pv);
        }
    }

    @Test
    void unknownPvIs404WithAJsonError() {
        HttpJson.Response response = http.get(api1.port(), "/api/v1/pvs/NO:SUCH:PV");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().path("error").asText()).isEqualTo("not_found");
        assertThat(response.body().path("message").asText()).contains("NO:SUCH:PV");
    }

    @Test
    void listingPagesByNameAcrossInstances() {
        awaitPv(api1.port(), "SIM:PV00020", body -> body.has("value"));
        for (QueryApiServer api : List.of(api1, api2)) {
            List<String> names = new ArrayList<>();
            String after = null;
            do {
                String query = "/api/v1/pvs?prefix=SIM:PV&limit=7" + (after == null ? "" : "&after=" + after);
                HttpJson.Response page = http.get(api.port(), query);
                assertThat(page.status()).isEqualTo(200);
                page.body().path("items").forEach(item -> names.add(item.path("name").asText()));
                after = page.body().path("next").isNull() ? null : page.body().path("next").asText(null);
            } while (after != null);
            assertThat(names).hasSize(20).isSorted().doesNotHaveDuplicates().allMatch(n -> n.startsWith("SIM:PV"));
        }
    }

    @Test
    void healthReportsKafkaStreamsAndIngest() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpJson.Response health = http.get(api2.port(), "/api/v1/health");
            assertThat(health.status()).as("%s", health.body()).isEqualTo(200);
            assertThat(health.body().path("kafka").path("bootstrap").asText()).isEqualTo(kafka.bootstrapServers());
            assertThat(health.body().path("kafka").path("reachable").asBoolean()).isTrue();
            assertThat(health.body().path("streams").path("state").asText()).isEqualTo("RUNNING");
            assertThat(health.body().path("ingest").path("alive").asBoolean()).isTrue();
        });
    }
}
