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

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import gov.aps.jca.dbr.Severity;
import gov.aps.jca.dbr.Status;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.simioc.SimulatedIoc;
import io.pvstream.simioc.pva.SimPvaServer;

/**
 * pvAccess on real parts: the simulated pvAccess IOC (core-pva server) and a simulated CA IOC → one ingest serving
 * both protocols → KRaft broker → query-api (REST), with PostgreSQL and Connect for snapshots and restores. The
 * pvAccess server also serves records of the CA IOC under their own names, as QSRV does, so {@code X} (CA) and
 * {@code pva://X} are one record seen over both protocols.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PvaEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Monitored by its name prefix, the others by PvConfig.protocol. */
    private static final String PREFIXED = "pva://PVA:STRING";
    /** Not in pv.config: the readback of PVA:SP, watched by the ingest only while it verifies a restore. */
    private static final String UNMONITORED_READBACK = "PVA:RB";
    /** Records of the CA IOC monitored over both protocols, as {@code X} and {@code pva://X}. */
    private static final List<String> SHARED = List.of("SIM:PV00001", "SIM:DOUBLE", "SIM:ENUM", "SIM:WAVE",
            "SIM:LONGWAVE", "SIM:STRING");
    /** Written over pvAccess, verified by a pvAccess readback that is not in pv.config either. */
    private static final String SHARED_SETPOINT = "pva://SIM:SP00003";
    /** What a view of X and of pva://X must agree on (not: server, instance, connection times). */
    private static final List<String> COMPARED = List.of("value", "timestamp", "timestampNs", "severity", "status",
            "type", "count", "units", "precision", "limits", "enumLabels", "connected", "readAccess", "writeAccess",
            "error");

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private SimulatedIoc ca;
    private SimPvaServer pva;
    private int api;

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        ca = platform.addIoc(SimulatedIoc.builder().pvCount(2).updateRateHz(0).setpointCount(3)
                .waveformLength(16));
        pva = SimPvaServer.start("PVA:", Duration.ofMillis(20)); // before the ingest: it sends no beacons
        pva.serveRecordsOf(ca, ca.pvNames());
        List<PvConfig> configs = new ArrayList<>();
        List<String> all = new ArrayList<>(ca.pvNames());
        for (String pv : pva.pvNames()) {
            if (!pv.equals(UNMONITORED_READBACK)) {
                configs.add(PvConfig.newBuilder().setName(pv).setProtocol(PvProtocol.PVA)
                        .setReadbackPv(pv.equals("PVA:SP") ? UNMONITORED_READBACK : null).build());
                all.add(pv);
            }
        }
        List<String> prefixed = new ArrayList<>(List.of(PREFIXED, SHARED_SETPOINT));
        SHARED.forEach(pv -> prefixed.add("pva://" + pv));
        for (String pv : prefixed) {
            configs.add(PvConfig.newBuilder().setName(pv)
                    .setReadbackPv(pv.equals(SHARED_SETPOINT) ? "pva://SIM:RB00003" : null).build());
            all.add(pv);
        }
        PvConfigSeeder.seedConfigs(platform.common(), configs);
        platform.startOps();
        platform.startServices(1, Map.of());
        api = platform.api(0).port();
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
     * One record of the CA IOC, served over pvAccess as QSRV serves it, monitored as {@code X} (CA) and
     * {@code pva://X} (pvAccess): the views agree on value, timestamp, alarm and metadata, for a number, an enum (its
     * label), arrays and a string, also after the record's value and alarm change.
     */
    @Test
    @Order(1)
    void theSameRecordOverCaAndOverPvaGivesEqualViews() {
        for (String pv : SHARED) {
            assertEqualViews(pv, view -> !view.path("value").isNull() && !view.path("value").isMissingNode());
        }
        ca.set("SIM:PV00001", 92.0); // above HIGH: the record derives MINOR / HIGH
        ca.set("SIM:ENUM", "FAULT");
        // all 16 elements: CA monitors a waveform at its full count, so fewer (NORD < NELM) would show trailing
        // zeros over CA and only the elements held over pvAccess, as with a real IOC
        int[] countdown = java.util.stream.IntStream.range(0, 16).map(i -> 16 - i).toArray();
        ca.set("SIM:LONGWAVE", countdown);
        ca.setAlarm("SIM:DOUBLE", Severity.MAJOR_ALARM, Status.STATE_ALARM);
        JsonNode high = assertEqualViews("SIM:PV00001", view -> view.path("value").asDouble() == 92.0);
        assertThat(high.path("severity").asText()).isEqualTo("MINOR");
        assertThat(high.path("status").asText()).isEqualTo("HIGH");
        assertThat(high.path("units").asText()).isEqualTo("mA");
        assertThat(assertEqualViews("SIM:ENUM", view -> view.path("value").path("index").asInt() == 2)
                .path("value").path("label").asText()).isEqualTo("FAULT");
        assertThat(assertEqualViews("SIM:LONGWAVE", view -> view.path("value").path(0).asInt() == 16).path("value"))
                .extracting(JsonNode::asInt).containsExactly(java.util.Arrays.stream(countdown).boxed()
                        .toArray(Integer[]::new));
        JsonNode state = assertEqualViews("SIM:DOUBLE", view -> view.path("status").asText().equals("STATE"));
        assertThat(state.path("severity").asText()).isEqualTo("MAJOR");
    }

    /**
     * Waits until the CA view of {@code pv} meets {@code reached} and the pvAccess view agrees with it (the two come
     * through different channels, so for a moment one may be ahead), then asserts every compared field.
     *
     * @return the CA view
     */
    private JsonNode assertEqualViews(String pv, Predicate<JsonNode> reached) {
        JsonNode[] views = new JsonNode[2];
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                views[0] = view(pv);
                views[1] = view("pva://" + pv);
                return reached.test(views[0]) && COMPARED.stream()
                        .allMatch(field -> views[0].path(field).equals(views[1].path(field)));
            });
        } catch (ConditionTimeoutException e) {
            // the assertions below say which field differs
        }
        assertThat(reached.test(views[0])).as("%s over CA: %s", pv, views[0]).isTrue();
        for (String field : COMPARED) {
            assertThat(views[1].path(field)).as("%s: %s over pvAccess vs CA", pv, field)
                    .isEqualTo(views[0].path(field));
        }
        return views[0];
    }

    @Test
    @Order(2)
    void aSnapshotOfCaAndPvaPvsRestoresBothReadbackVerified() {
        String caSetpoint = ca.setpointName(1);
        ca.set(caSetpoint, 10.0);
        pva.set("PVA:SP", 20.0);
        pva.set("PVA:LONG", 30);
        pva.set("PVA:ENUM", 2);
        ca.set("SIM:SP00003", 40.0);
        awaitView(caSetpoint, view -> view.path("value").asDouble() == 10.0);
        awaitView("PVA:SP", view -> view.path("value").asDouble() == 20.0);
        awaitView("PVA:LONG", view -> view.path("value").asLong() == 30);
        awaitView("PVA:ENUM", view -> view.path("value").path("index").asInt() == 2);
        awaitView(SHARED_SETPOINT, view -> view.path("value").asDouble() == 40.0);
        List<String> pvs = List.of(caSetpoint, "PVA:SP", "PVA:LONG", "PVA:ENUM", SHARED_SETPOINT);
        HttpJson.Response created = http.post(api, "/api/v1/snapshots", "{\"name\":\"both protocols\",\"pvs\":[\""
                + String.join("\",\"", pvs) + "\"]}");
        assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);

        ca.set(caSetpoint, 0.0);
        pva.set("PVA:SP", 0.0);
        pva.set("PVA:LONG", 0);
        pva.set("PVA:ENUM", 0);
        ca.set("SIM:SP00003", 0.0);
        awaitView("PVA:ENUM", view -> view.path("value").path("index").asInt() == 0);
        awaitView(SHARED_SETPOINT, view -> view.path("value").asDouble() == 0.0);
        HttpJson.Response started = http.post(api, "/api/v1/snapshots/" + created.body().path("id").asText()
                + "/restore", "{}");
        assertThat(started.status()).as("restore: %s", started.body()).isEqualTo(202);
        JsonNode job = awaitJob(started.body().path("jobId").asText());

        assertThat(job.path("job").path("state").asText()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(job.path("job").path("verified").asInt()).as("%s", job).isEqualTo(5);
        assertThat(((Number) ca.value(caSetpoint)).doubleValue()).isEqualTo(10.0);
        assertThat(pva.value("PVA:SP").toString()).contains("20.0");
        assertThat(pva.value(UNMONITORED_READBACK).toString()).as("the readback that verified it").contains("20.0");
        assertThat(ca.value("SIM:RB00003")).as("the pvAccess readback of the shared setpoint").isEqualTo(40.0);
        assertThat(awaitView("SIM:SP00003", view -> view.path("value").asDouble() == 40.0).path("value").asDouble())
                .as("written over pvAccess, seen over CA").isEqualTo(40.0);
        assertThat(http.get(api, "/api/v1/pvs/" + UNMONITORED_READBACK).status()).as("not in pv.config").isEqualTo(404);
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
