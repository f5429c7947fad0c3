package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.query.QueryApiServer;
import io.pvstream.simioc.SimulatedIoc;

/**
 * Simulated IOCs → ingest → real KRaft broker → Streams → REST, all real, over loopback.
 * Two IOCs (one is stopped in a test) and two query-api instances sharing the partitions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformEndToEndTest {

    private static final Duration PATIENCE = TestPlatform.PATIENCE;

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private SimulatedIoc iocA;
    private SimulatedIoc iocB;
    private QueryApiServer api1;
    private QueryApiServer api2;

    @BeforeAll
    void startPlatform() {
        platform = TestPlatform.withBroker();
        iocA = platform.addIoc(SimulatedIoc.builder().pvCount(20).updateRateHz(2).setpointCount(2));
        iocB = platform.addIoc(SimulatedIoc.builder().prefix("IOCB:").pvCount(3).updateRateHz(0).setpointCount(0));
        platform.startServices(2, Map.of());
        api1 = platform.api(0);
        api2 = platform.api(1);
    }

    @AfterAll
    void stopPlatform() {
        platform.close();
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
    void aDesiredPvThatNoIocServesIs200NeverConnectedOnEveryInstanceAndListed() {
        List<String> missing = List.of("NOIOC:MISSING1", "NOIOC:MISSING2", "NOIOC:MISSING3");
        PvConfigSeeder.seed(new java.util.HashMap<>(platform.common()), missing);
        for (QueryApiServer api : List.of(api1, api2)) {
            for (String pv : missing) { // owned by either instance: one answers, the other forwards
                JsonNode view = awaitPv(api.port(), pv, body -> body.path("neverConnected").asBoolean());
                assertThat(view.path("name").asText()).isEqualTo(pv);
                assertThat(view.path("connected").isBoolean()).isTrue();
                assertThat(view.path("connected").asBoolean()).isFalse();
                assertThat(view.get("value").isNull()).isTrue();
            }
            HttpJson.Response page = http.get(api.port(), "/api/v1/pvs?prefix=NOIOC:&limit=2");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().path("items")).extracting(item -> item.path("name").asText())
                    .containsExactly("NOIOC:MISSING1", "NOIOC:MISSING2");
            assertThat(page.body().path("items")).allMatch(item -> item.path("neverConnected").asBoolean());
            assertThat(page.body().path("next").asText()).isEqualTo("NOIOC:MISSING2");
        }
        // a served PV is not "never connected"
        assertThat(awaitPv(api1.port(), "SIM:PV00003", body -> body.path("value").isNumber())
                .path("neverConnected").asBoolean()).isFalse();
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
            assertThat(health.body().path("kafka").path("bootstrap").asText()).isEqualTo(platform.bootstrapServers());
            assertThat(health.body().path("kafka").path("reachable").asBoolean()).isTrue();
            assertThat(health.body().path("streams").path("state").asText()).isEqualTo("RUNNING");
            assertThat(health.body().path("ingest").path("alive").asBoolean()).isTrue();
        });
    }
}
