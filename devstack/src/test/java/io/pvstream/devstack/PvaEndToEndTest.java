package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.simioc.SimulatedIoc;
import io.pvstream.simioc.pva.SimPvaServer;

/**
 * pvAccess on real parts: the simulated pvAccess IOC (core-pva server) and a simulated CA IOC → one ingest serving
 * both protocols → KRaft broker → query-api (REST), with PostgreSQL and Connect for snapshots and restores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PvaEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Monitored by its name prefix, the others by PvConfig.protocol. */
    private static final String PREFIXED = "pva://PVA:STRING";

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private SimulatedIoc ca;
    private SimPvaServer pva;
    private int api;

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        ca = platform.addIoc(SimulatedIoc.builder().pvCount(2).updateRateHz(0).setpointCount(2));
        pva = SimPvaServer.start("PVA:", Duration.ofMillis(20)); // before the ingest: it sends no beacons
        List<PvConfig> configs = new ArrayList<>();
        for (String pv : pva.pvNames()) {
            configs.add(PvConfig.newBuilder().setName(pv).setProtocol(PvProtocol.PVA)
                    .setReadbackPv(pv.equals("PVA:SP") ? "PVA:RB" : null).build());
        }
        configs.add(PvConfig.newBuilder().setName(PREFIXED).build());
        PvConfigSeeder.seedConfigs(platform.common(), configs);
        platform.startOps();
        platform.startServices(1, Map.of());
        api = platform.api(0).port();
        List<String> all = new ArrayList<>(pva.pvNames());
        all.add(PREFIXED);
        all.addAll(ca.pvNames());
        await().atMost(PATIENCE).until(() -> all.stream().allMatch(pv -> view(pv).path("connected").asBoolean()));
    }

    @AfterAll
    void stop() {
        if (pva != null) {
            pva.close();
        }
        platform.close();
    }

    private JsonNode view(String pv) {
        HttpJson.Response response = http.get(api, "/api/v1/pvs/" + URLEncoder.encode(pv, StandardCharsets.UTF_8));
        return response.status() == 200 ? response.body() : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private JsonNode awaitView(String pv, Predicate<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> condition.test(seen[0] = view(pv)));
        return seen[0];
    }

    @Test
    @Order(1)
    void anNtScalarIsServedWithValueTimestampAlarmAndUnits() {
        JsonNode pv = awaitView("PVA:DOUBLE", view -> view.path("value").isNumber());
        assertThat(pv.path("value").asDouble()).isEqualTo(1.5);
        assertThat(pv.path("units").asText()).isEqualTo("mA");
        assertThat(pv.path("precision").asInt()).isEqualTo(3);
        assertThat(pv.path("severity").asText()).isEqualTo("NO_ALARM");
        assertThat(pv.path("status").asText()).isEqualTo("NO_ALARM");
        assertThat(pv.path("type").asText()).isEqualTo("DOUBLE");
        assertThat(pv.path("server").asText()).isEqualTo("127.0.0.1:" + pva.tcpPort());
        Instant stamp = Instant.ofEpochSecond(0, pv.path("timestampNs").asLong());
        assertThat(stamp).isBetween(Instant.now().minusSeconds(600), Instant.now().plusSeconds(5));
    }

    @Test
    @Order(1)
    void anEnumShowsItsLabelAnArrayItsElementsAPrefixedNameItsText() {
        JsonNode enumerated = awaitView("PVA:ENUM", view -> view.path("value").has("label"));
        assertThat(enumerated.path("value").path("label").asText()).isEqualTo("On");
        assertThat(enumerated.path("enumLabels")).extracting(JsonNode::asText).containsExactly("Off", "On", "Fault");
        JsonNode wave = awaitView("PVA:WAVE", view -> view.path("value").isArray());
        assertThat(wave.path("value")).extracting(JsonNode::asDouble)
                .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(wave.path("count").asInt()).isEqualTo(8);
        assertThat(awaitView(PREFIXED, view -> view.path("value").isTextual()).path("value").asText())
                .isEqualTo("hello");
    }

    @Test
    @Order(1)
    void aPvAddedThroughTheApiWithThePrefixIsMonitoredOverPva() {
        String pv = "pva://PVA:WAVE";
        HttpJson.Response put = http.put(api, "/api/v1/config/pvs/" + URLEncoder.encode(pv, StandardCharsets.UTF_8),
                "{}");
        assertThat(put.status()).as("PUT: %s", put.body()).isEqualTo(200);
        JsonNode wave = awaitView(pv, view -> view.path("value").isArray() && view.path("connected").asBoolean());
        assertThat(wave.path("value")).hasSize(8);
        assertThat(wave.path("server").asText()).isEqualTo("127.0.0.1:" + pva.tcpPort());
    }

    @Test
    @Order(1)
    void anUnmappedStructureIsReportedWithItsError() {
        JsonNode table = awaitView("PVA:TABLE", view -> !view.path("error").isMissingNode()
                && !view.path("error").isNull());
        assertThat(table.path("error").asText()).contains("epics:nt/NTTable:1.0").contains("not monitored");
        assertThat(table.path("connected").asBoolean()).isTrue();
        assertThat(table.path("value").isNull()).isTrue();
    }

    /**
     * The CA simulated IOC's {@code SIM:PV00001} and the pvAccess one's {@code PVA:AI} are the same record as far as
     * metadata goes (mA, precision 3, 0..100, alarm limits 5/10/90/95); both processed to 92, which is HIGH/MINOR:
     * the CA IOC derives the alarm from its limits, the pvAccess one posts it as QSRV does (NT status RECORD,
     * condition name in the message).
     */
    @Test
    @Order(1)
    void theSameRecordOverCaAndOverPvaGivesEqualViews() {
        ca.set("SIM:PV00001", 92.0);
        pva.set("PVA:AI", 92.0);
        pva.setAlarm("PVA:AI", 1, 3, "HIGH");
        JsonNode overCa = awaitView("SIM:PV00001", view -> view.path("value").asDouble() == 92.0);
        JsonNode overPva = awaitView("PVA:AI", view -> view.path("value").asDouble() == 92.0
                && view.path("status").asText().equals("HIGH"));
        for (String field : List.of("value", "severity", "status", "type", "count", "units", "precision", "limits",
                "enumLabels", "connected", "readAccess", "error")) {
            assertThat(overPva.path(field)).as(field).isEqualTo(overCa.path(field));
        }
        assertThat(overPva.path("severity").asText()).isEqualTo("MINOR");
    }

    @Test
    @Order(2)
    void aSnapshotOfCaAndPvaPvsRestoresBothReadbackVerified() {
        String caSetpoint = ca.setpointName(1);
        ca.set(caSetpoint, 10.0);
        pva.set("PVA:SP", 20.0);
        pva.set("PVA:LONG", 30);
        pva.set("PVA:ENUM", 2);
        awaitView(caSetpoint, view -> view.path("value").asDouble() == 10.0);
        awaitView("PVA:SP", view -> view.path("value").asDouble() == 20.0);
        awaitView("PVA:LONG", view -> view.path("value").asLong() == 30);
        awaitView("PVA:ENUM", view -> view.path("value").path("index").asInt() == 2);
        List<String> pvs = List.of(caSetpoint, "PVA:SP", "PVA:LONG", "PVA:ENUM");
        HttpJson.Response created = http.post(api, "/api/v1/snapshots", "{\"name\":\"both protocols\",\"pvs\":[\""
                + String.join("\",\"", pvs) + "\"]}");
        assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);

        ca.set(caSetpoint, 0.0);
        pva.set("PVA:SP", 0.0);
        pva.set("PVA:LONG", 0);
        pva.set("PVA:ENUM", 0);
        awaitView("PVA:ENUM", view -> view.path("value").path("index").asInt() == 0);
        HttpJson.Response started = http.post(api, "/api/v1/snapshots/" + created.body().path("id").asText()
                + "/restore", "{}");
        assertThat(started.status()).as("restore: %s", started.body()).isEqualTo(202);
        JsonNode job = awaitJob(started.body().path("jobId").asText());

        assertThat(job.path("job").path("state").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("job").path("verified").asInt()).isEqualTo(4);
        assertThat(((Number) ca.value(caSetpoint)).doubleValue()).isEqualTo(10.0);
        assertThat(pva.value("PVA:SP").toString()).contains("20.0");
        assertThat(pva.value("PVA:RB").toString()).as("the readback that verified it").contains("20.0");
        assertThat(pva.value("PVA:LONG").toString()).contains("30");
        for (JsonNode result : job.path("results").path("items")) {
            if (result.path("pvName").asText().startsWith("PVA:")) {
                assertThat(result.path("ioc").asText()).as("breaker key").isEqualTo("127.0.0.1:" + pva.tcpPort());
            }
        }
    }

    @Test
    @Order(3)
    void aDisconnectShowsConnectedFalse() {
        pva.close();
        JsonNode gone = awaitView("PVA:DOUBLE", view -> view.path("connected").isBoolean()
                && !view.path("connected").asBoolean());
        assertThat(gone.path("value").asDouble()).as("the last value stays").isEqualTo(1.5);
        assertThat(view(ca.setpointName(2)).path("connected").asBoolean()).as("CA PVs are unaffected").isTrue();
    }

    private JsonNode awaitJob(String jobId) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(PATIENCE).until(() -> {
            HttpJson.Response response = http.get(api, "/api/v1/jobs/" + jobId + "?limit=100");
            job[0] = response.body();
            return response.status() == 200 && !job[0].path("job").path("state").asText().equals("RUNNING");
        });
        return job[0];
    }
}
