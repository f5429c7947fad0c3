package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.cli.PvstreamCli;
import io.pvstream.simioc.SimulatedIoc;

/** The {@code pvstream} CLI driven against the running test platform (REST, WebSocket, Kafka), as a script would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private SimulatedIoc ioc;
    private Map<String, String> env;

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        ioc = platform.addIoc(SimulatedIoc.builder().pvCount(3).updateRateHz(0).setpointCount(3));
        platform.startOps();
        platform.startServices(1, Map.of());
        env = Map.of("PVSTREAM_URL", "http://127.0.0.1:" + platform.api(0).port(),
                "PVSTREAM_API_KEY", TestPlatform.ADMIN_KEY,
                "PVSTREAM_BOOTSTRAP_SERVERS", platform.bootstrapServers());
        await().atMost(TestPlatform.PATIENCE).until(() -> ioc.pvNames().stream().allMatch(pv ->
                http.get(platform.api(0).port(), "/api/v1/pvs/" + pv).body().path("connected").asBoolean()));
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    private Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = PvstreamCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void getPrintsATableOrJsonAndFailsOnAnUnknownPv() throws Exception {
        ioc.set("SIM:DOUBLE", 4.5);
        await().atMost(TestPlatform.PATIENCE).until(() -> cli("get", "SIM:DOUBLE", "--json").json()
                .path("value").asDouble() == 4.5);
        Run table = cli("get", "SIM:DOUBLE", "SIM:LONG");
        assertThat(table.exit()).isZero();
        assertThat(table.out().lines().toList()).hasSize(3).first().asString().startsWith("NAME");
        assertThat(table.out()).contains("SIM:DOUBLE", "4.5", "SIM:LONG");

        Run unknown = cli("get", "NO:SUCH:PV");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("404");
        assertThat(cli("get").exit()).as("usage error").isEqualTo(2);
    }

    @Test
    void pvsAddRemoveAndImportChangeTheDesiredSet() throws Exception {
        Run added = cli("--json", "pvs", "add", "CLI:NEW:1", "--deadband", "0.5");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.json().get(0).path("deadband").asDouble()).isEqualTo(0.5);
        assertThat(cli("pvs", "remove", "CLI:NEW:1").exit()).isZero();

        Path file = Files.createTempFile(platform.dir(), "pvs", ".csv");
        Files.writeString(file, "CLI:IMPORT:1,1.0,,,,\nCLI:IMPORT:2,-3,,,,\n");
        Run imported = cli("pvs", "import", file.toString());
        assertThat(imported.exit()).as("one bad line: exit 1").isEqualTo(1);
        assertThat(imported.out()).contains("imported 1", "failed 1", "CLI:IMPORT:2");
        await().atMost(TestPlatform.PATIENCE).until(() -> http.get(platform.api(0).port(),
                "/api/v1/config/pvs/CLI:IMPORT:1").status() == 200);
    }

    @Test
    void snapshotSaveListShowCompareAndARestoreThatFailsNamesThePv() throws Exception {
        String setpoint = ioc.setpointName(1);
        ioc.set(setpoint, 2.5);
        ioc.set("SIM:DOUBLE", 50.0); // beyond its drive limits: a restore cannot write it back
        await().atMost(TestPlatform.PATIENCE).until(() -> cli("--json", "get", setpoint).json().path("value")
                .asDouble() == 2.5 && cli("--json", "get", "SIM:DOUBLE").json().path("value").asDouble() == 50.0);
        Run saved = cli("--json", "snapshot", "save", "--name", "cli e2e", "--tag", "cli", setpoint, "SIM:DOUBLE");
        assertThat(saved.exit()).as(saved.err()).isZero();
        String id = saved.json().path("id").asText();

        assertThat(cli("snapshot", "list", "--tag", "cli").out()).contains(id, "cli e2e");
        assertThat(cli("snapshot", "show", id).out()).contains(setpoint, "2.5", "SIM:DOUBLE");
        assertThat(cli("snapshot", "compare", id).exit()).as("nothing changed yet").isZero();
        ioc.set(setpoint, 0.0);
        ioc.set("SIM:DOUBLE", 1.0);
        await().atMost(TestPlatform.PATIENCE).until(() -> cli("snapshot", "compare", id).exit() == 1);

        Run onlyTheSetpoint = cli("snapshot", "restore", id, "--pv", setpoint);
        assertThat(onlyTheSetpoint.exit()).as(onlyTheSetpoint.out() + onlyTheSetpoint.err()).isZero();
        assertThat(onlyTheSetpoint.err()).as("progress bar").contains("[##############################] 100% 1/1");
        assertThat(onlyTheSetpoint.out()).contains("SUCCEEDED");
        assertThat(((Number) ioc.value(setpoint)).doubleValue()).isEqualTo(2.5);

        Run both = cli("snapshot", "restore", id);
        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.out()).contains("FAILED", "OUT_OF_RANGE");
        assertThat(both.err()).contains("PVs not restored: SIM:DOUBLE");
    }

    @Test
    void tailPrintsDecodedJsonLinesOfTheChosenPvs() throws Exception {
        Run tail = cli("tail", "--topic", "pv.values", "--from-beginning", "--prefix", "SIM:PV", "--max", "3");
        assertThat(tail.exit()).as(tail.err()).isZero();
        assertThat(tail.out().lines().toList()).hasSize(3).allSatisfy(line -> {
            JsonNode record = JSON.readTree(line);
            assertThat(record.path("key").asText()).startsWith("SIM:PV");
            assertThat(record.at("/value/name").asText()).isEqualTo(record.path("key").asText());
        });
        assertThat(cli("tail", "--topic", "pv.config").exit()).isEqualTo(2);
    }
}
