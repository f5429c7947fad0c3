package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.simioc.SimulatedIoc;

/**
 * Snapshots on real parts: two simulated IOCs, a broker, one ingest, two query-api instances (each with its Streams
 * instance), PostgreSQL primary + replica and a Connect worker with the JDBC sink and Debezium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private PostgresCluster postgres;
    private SimulatedIoc ioc;
    private SimulatedIoc other;
    private int api1;
    private int api2;

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        ioc = platform.addIoc(SimulatedIoc.builder().pvCount(40).updateRateHz(0).setpointCount(20));
        other = platform.addIoc(SimulatedIoc.builder().prefix("OTHER:").pvCount(0).updateRateHz(0).setpointCount(5));
        postgres = platform.startOps().postgres();
        // a short breaker reset, so a retry after the IOC recovers needs no 30 s wait
        platform.startServices(2, Map.of("write.circuit.reset.timeout.ms", 1_000));
        api1 = platform.api(0).port();
        api2 = platform.api(1).port();
        List<String> all = new ArrayList<>(ioc.pvNames());
        all.addAll(other.pvNames());
        await().atMost(PATIENCE).until(() -> all.stream().allMatch(this::connected));
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void aSnapshotHoldsPvsOwnedByBothInstancesAndIsReadAtOnceThenFromTheDatabase() {
        JsonNode created = createSnapshot(api1, "{\"name\":\"whole machine\",\"comment\":\"e2e\","
                + "\"tags\":[\"golden\"],\"pattern\":\"SIM:PV*\"}");
        String id = created.path("id").asText();
        assertThat(created.path("pvCount").asInt()).isEqualTo(40);
        assertThat(created.path("positions").size()).as("store positions of the partitions read").isPositive();

        JsonNode read = http.get(api1, "/api/v1/snapshots/" + id + "?limit=100").body();
        assertThat(read.path("values")).hasSize(40);
        assertThat(read.path("values")).allSatisfy(value -> assertThat(value.path("state").asText()).isEqualTo("ok"));
        List<String> local1 = localPvs(api1, "SIM:PV");
        List<String> local2 = localPvs(api2, "SIM:PV");
        assertThat(local1).as("each instance owns some of the PVs").isNotEmpty().doesNotContainAnyElementsOf(local2);
        assertThat(local2).isNotEmpty();
        assertThat(read.path("values")).extracting(value -> value.path("name").asText())
                .containsAll(local1).containsAll(local2);

        await().atMost(PATIENCE).until(() -> http.get(api1, "/api/v1/snapshots/" + id).body().path("state").asText()
                .equals("replicated"));
        assertThat(countRows(postgres.replicaJdbcUrl(), "SELECT count(*) FROM snapshot_value WHERE snapshot_id = ?", id))
                .isEqualTo(40);
        JsonNode listed = http.get(api2, "/api/v1/snapshots?tag=golden&q=WHOLE").body();
        assertThat(listed.path("items")).extracting(item -> item.path("id").asText()).contains(id);

        HttpJson.TextResponse csv = http.getText(api2, "/api/v1/snapshots/" + id + "?format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines()).hasSize(41).first().asString().startsWith("name,state,value");
    }

    @Test
    void disconnectedAndNeverSeenPvsAreListedAsSuch() {
        JsonNode created = createSnapshot(api2, "{\"name\":\"partial\",\"pvs\":[\"SIM:PV00001\",\"NO:SUCH:PV\"]}");

        assertThat(created.path("notOk")).extracting(pv -> pv.path("name").asText()).containsExactly("NO:SUCH:PV");
        String path = "/api/v1/snapshots/" + created.path("id").asText();
        JsonNode read = http.get(api2, path).body(); // the instance that took it reads it at once
        assertThat(read.path("values")).extracting(value -> value.path("state").asText())
                .containsExactly("never_seen", "ok");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(http.get(api1, path).body().path("values"))
                .as("the other instance, once its pending store has it").hasSize(2));
    }

    @Test
    void badRequestsGetAJsonError() {
        HttpJson.Response noWay = http.post(api1, "/api/v1/snapshots", "{\"name\":\"x\"}");
        assertThat(noWay.status()).isEqualTo(400);
        assertThat(noWay.body().path("message").asText()).contains("exactly one way");
        HttpJson.Response nothing = http.post(api1, "/api/v1/snapshots", "{\"name\":\"x\",\"pattern\":\"NONE:*\"}");
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(http.get(api1, "/api/v1/snapshots/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(http.get(api1, "/api/v1/snapshots?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").status())
                .isEqualTo(400);
    }

    @Test
    void saveChangeCompareRestoreCompareEqual() {
        List<String> setpoints = List.of(ioc.setpointName(1), ioc.setpointName(2), ioc.setpointName(3));
        for (int i = 0; i < setpoints.size(); i++) {
            ioc.set(setpoints.get(i), 10.0 + i);
        }
        await().atMost(PATIENCE).until(() -> setpoints.stream().allMatch(pv -> liveValue(pv) == 10.0
                + setpoints.indexOf(pv)));
        String id = createSnapshot(api1, "{\"name\":\"setpoints\",\"pvs\":" + json(setpoints) + "}").path("id").asText();

        ioc.set(setpoints.get(0), 99.0);
        ioc.set(setpoints.get(1), -5.0);
        await().atMost(PATIENCE).until(() -> liveValue(setpoints.get(0)) == 99.0 && liveValue(setpoints.get(1)) == -5.0);
        JsonNode changed = http.get(api2, "/api/v1/snapshots/" + id + "/compare?with=live").body();
        assertThat(changed.path("summary").path("different").asInt()).isEqualTo(2);
        assertThat(changed.path("summary").path("equal").asInt()).isEqualTo(1);
        assertThat(changed.path("items").get(0).path("outcome").asText()).isEqualTo("different");

        JsonNode job = awaitJob(api2, restore(api2, id, "{}"));
        assertThat(job.path("job").path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.path("job").path("verified").asInt()).isEqualTo(3);

        for (int i = 0; i < setpoints.size(); i++) {
            assertThat(((Number) ioc.value(setpoints.get(i))).doubleValue()).isEqualTo(10.0 + i);
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(http.get(api1, "/api/v1/snapshots/" + id
                + "/compare?with=live").body().path("summary").path("equal").asInt()).isEqualTo(3));
    }

    @Test
    void aRestoreThatCouldNotWriteAPvForWantOfASavedValueIsPartialNotSucceeded() {
        String setpoint = ioc.setpointName(7);
        String id = createSnapshot(api1, "{\"name\":\"with a gap\",\"pvs\":[\"" + setpoint + "\",\"NO:SUCH:PV\"]}")
                .path("id").asText();

        JsonNode job = awaitJob(api1, restore(api1, id, "{}"));

        assertThat(outcomeOf(job, setpoint)).isEqualTo("VERIFIED");
        assertThat(outcomeOf(job, "NO:SUCH:PV")).isEqualTo("SKIPPED_NO_VALUE");
        assertThat(job.path("job").path("state").asText()).as("not every PV was restored").isEqualTo("PARTIAL");
    }

    @Test
    void readOnlyAndOutOfRangePvsAreReported() {
        ioc.set("SIM:DOUBLE", 50.0); // outside its drive limits (-10..10): the IOC may hold it, a put may not
        await().atMost(PATIENCE).until(() -> liveValue("SIM:DOUBLE") == 50.0);
        String id = createSnapshot(api1, "{\"name\":\"limits\",\"pvs\":[\"SIM:RO\",\"SIM:DOUBLE\","
                + "\"" + ioc.setpointName(4) + "\"]}").path("id").asText();
        ioc.set("SIM:DOUBLE", 1.0);

        JsonNode job = awaitJob(api1, restore(api1, id, "{}"));

        assertThat(outcomeOf(job, "SIM:RO")).isEqualTo("SKIPPED_NO_WRITE_ACCESS");
        assertThat(outcomeOf(job, "SIM:DOUBLE")).isEqualTo("OUT_OF_RANGE");
        assertThat(outcomeOf(job, ioc.setpointName(4))).isEqualTo("VERIFIED");
        assertThat(job.path("job").path("state").asText()).isEqualTo("FAILED");
        assertThat(((Number) ioc.value("SIM:DOUBLE")).doubleValue()).isEqualTo(1.0);
    }

    @Test
    void anUnresponsiveIocOpensItsBreakerWhileTheOtherIocsPvsAreRestoredAndARetryWritesOnlyTheFailedOnes() {
        List<String> mine = List.of(ioc.setpointName(5), ioc.setpointName(6));
        List<String> theirs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            theirs.add(other.setpointName(i));
        }
        List<String> all = new ArrayList<>(mine);
        all.addAll(theirs);
        all.forEach(pv -> (pv.startsWith("OTHER:") ? other : ioc).set(pv, 3.0));
        await().atMost(PATIENCE).until(() -> all.stream().allMatch(pv -> liveValue(pv) == 3.0));
        String id = createSnapshot(api1, "{\"name\":\"two iocs\",\"pvs\":" + json(all) + "}").path("id").asText();
        all.forEach(pv -> (pv.startsWith("OTHER:") ? other : ioc).set(pv, 0.0));

        other.setUnresponsive(true);
        String jobId;
        try {
            jobId = restore(api1, id, "{}");
            JsonNode job = awaitJob(api1, jobId);
            for (String pv : mine) {
                assertThat(outcomeOf(job, pv)).as(pv).isEqualTo("VERIFIED");
                assertThat(((Number) ioc.value(pv)).doubleValue()).isEqualTo(3.0);
            }
            for (String pv : theirs) {
                assertThat(outcomeOf(job, pv)).as(pv).isIn("FAILED", "CIRCUIT_OPEN");
            }
            String otherIoc = "127.0.0.1:" + other.port();
            await().atMost(PATIENCE).untilAsserted(() -> { // the next ingest heartbeat carries the breaker
                JsonNode circuits = http.get(api2, "/api/v1/health/circuits").body().path("circuits");
                assertThat(circuits).anySatisfy(circuit -> {
                    assertThat(circuit.path("ioc").asText()).isEqualTo(otherIoc);
                    // OPEN, or already HALF_OPEN when a loaded machine took longer than the reset timeout
                    // (30 s) to finish the job: either way the breaker opened, and when
                    assertThat(circuit.path("state").asText()).isIn("OPEN", "HALF_OPEN");
                    assertThat(circuit.path("opened").asText()).isNotBlank();
                    assertThat(circuit.path("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(5);
                });
                assertThat(circuits).filteredOn(circuit -> !circuit.path("ioc").asText().equals(otherIoc))
                        .as("the answering IOC's breaker").allSatisfy(circuit ->
                                assertThat(circuit.path("state").asText()).isEqualTo("CLOSED"));
            });
        } finally {
            other.setUnresponsive(false);
        }
        long writesOfMine = ioc.writeCount(mine.get(0));
        // as an operator would: retry once the breaker has let its reset timeout pass
        await().atMost(PATIENCE).until(() -> {
            JsonNode circuits = http.get(api2, "/api/v1/health/circuits").body().path("circuits");
            for (JsonNode circuit : circuits) {
                if (circuit.path("ioc").asText().equals("127.0.0.1:" + other.port())) {
                    return !circuit.path("state").asText().equals("OPEN");
                }
            }
            return false;
        });

        HttpJson.Response retried = http.post(api2, "/api/v1/jobs/" + jobId + "/retry", "");
        assertThat(retried.status()).as("retry: %s", retried.body()).isEqualTo(202);
        assertThat(retried.body().path("toWrite").asInt()).isEqualTo(theirs.size());
        JsonNode job = awaitJob(api2, jobId, 2);
        assertThat(job.path("job").path("attempt").asInt()).isEqualTo(2);
        assertThat(job.path("job").path("state").asText()).isEqualTo("SUCCEEDED");
        for (String pv : theirs) {
            assertThat(outcomeOf(job, pv)).as(pv).isEqualTo("VERIFIED");
            assertThat(((Number) other.value(pv)).doubleValue()).isEqualTo(3.0);
        }
        assertThat(ioc.writeCount(mine.get(0))).as("a verified PV is not written again").isEqualTo(writesOfMine);
    }

    private JsonNode createSnapshot(int port, String body) {
        HttpJson.Response created = http.post(port, "/api/v1/snapshots", body);
        assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
        return created.body();
    }

    private String restore(int port, String snapshotId, String body) {
        HttpJson.Response started = http.post(port, "/api/v1/snapshots/" + snapshotId + "/restore", body);
        assertThat(started.status()).as("restore: %s", started.body()).isEqualTo(202);
        return started.body().path("jobId").asText();
    }

    /** The job ({@code {"job":{...progress},"results":{"items":[...]}}}) once it has left RUNNING. */
    private JsonNode awaitJob(int port, String jobId) {
        return awaitJob(port, jobId, 1);
    }

    /** The job once its attempt {@code attempt} (or a later one) has left RUNNING. */
    private JsonNode awaitJob(int port, String jobId, int attempt) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(PATIENCE).until(() -> {
            HttpJson.Response response = http.get(port, "/api/v1/jobs/" + jobId + "?limit=1000");
            job[0] = response.body();
            JsonNode progress = job[0] == null ? null : job[0].path("job");
            return response.status() == 200 && progress.path("attempt").asInt() >= attempt
                    && !progress.path("state").asText().equals("RUNNING");
        });
        return job[0];
    }

    private static String outcomeOf(JsonNode job, String pv) {
        for (JsonNode result : job.path("results").path("items")) {
            if (result.path("pvName").asText().equals(pv)) {
                return result.path("outcome").asText();
            }
        }
        throw new AssertionError("no result for " + pv + " in " + job);
    }

    private boolean connected(String pv) {
        HttpJson.Response response = http.get(api1, "/api/v1/pvs/" + pv);
        return response.status() == 200 && response.body().path("connected").asBoolean(false);
    }

    private double liveValue(String pv) {
        HttpJson.Response response = http.get(api1, "/api/v1/pvs/" + pv);
        return response.status() == 200 ? response.body().path("value").asDouble(Double.NaN) : Double.NaN;
    }

    /** The PVs (by name prefix) whose partitions {@code port}'s instance owns. */
    private List<String> localPvs(int port, String prefix) {
        List<String> names = new ArrayList<>();
        http.get(port, "/api/v1/internal/pvs/local?limit=1000&prefix=" + prefix).body().path("items")
                .forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static String json(List<String> names) {
        return "[\"" + String.join("\",\"", names) + "\"]";
    }

    private static long countRows(String jdbcUrl, String sql, String id) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, PostgresCluster.USER, PostgresCluster.PASSWORD);
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
