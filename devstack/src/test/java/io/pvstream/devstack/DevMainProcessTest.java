package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pvstream dev} as the user runs it: a separate JVM that serves a simulated PV over REST,
 * forks nothing but its Connect worker (no CA repeater), and on SIGTERM stops every part — Connect,
 * PostgreSQL primary and replica included — and frees its ports.
 */
class DevMainProcessTest {

    private final HttpJson http = new HttpJson();

    @Test
    void servesALivePvAndStopsCleanlyOnSigterm(@TempDir Path dataDir) throws Exception {
        int httpPort = FreePorts.pick();
        int brokerPort = FreePorts.pick();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java,
                "-Djava.net.preferIPv4Stack=true",
                "-cp", System.getProperty("java.class.path"),
                DevMain.class.getName(),
                "--sim-pvs", "10", "--http-port", Integer.toString(httpPort),
                "--broker-port", Integer.toString(brokerPort), "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (Exception e) {
                // the process ended
            }
        }, "dev-output");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(
                    () -> output.stream().anyMatch(line -> line.contains("pvstream dev is up")) || !process.isAlive());
            assertThat(process.isAlive()).as("dev exited early:%n%s", String.join("\n", output)).isTrue();
            assertThat(output).anyMatch(line -> line.contains("Kafka bootstrap") && line.contains("127.0.0.1:" + brokerPort));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpJson.Response pv = http.get(httpPort, "/api/v1/pvs/SIM:PV00001");
                assertThat(pv.status()).isEqualTo(200);
                assertThat(pv.body().path("value").isNumber()).isTrue();
                assertThat(pv.body().path("connected").asBoolean()).isTrue();
            });
            // the Connect worker is the one child we start (PostgreSQL daemonizes); a CA repeater would be another
            List<ProcessHandle> children = process.descendants().toList();
            assertThat(children).as("child processes").allSatisfy(child ->
                    // the command line is cut short by the OS: the worker's classpath starts with the connectors module
                    assertThat(child.info().commandLine().orElse("")).contains("connectors/target/classes"));
            assertThat(postgresServersOf(dataDir)).as("PostgreSQL primary and replica").hasSize(2);

            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            reader.join(Duration.ofSeconds(10).toMillis()); // drain what it printed while stopping
            assertThat(output).anyMatch(line -> line.contains("stopping"));
            assertThat(children).as("children stopped").noneMatch(ProcessHandle::isAlive);
            await().atMost(Duration.ofSeconds(30)).until(() -> postgresServersOf(dataDir).isEmpty());
            assertThat(canBind(httpPort)).as("HTTP port freed").isTrue();
            assertThat(canBind(brokerPort)).as("broker port freed").isTrue();
        } finally {
            // a failed assertion must not leave the Connect worker behind as an orphan
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** PostgreSQL postmasters whose data directory is under {@code dataDir}. */
    private static List<ProcessHandle> postgresServersOf(Path dataDir) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                .filter(p -> p.info().commandLine().orElse("").contains(dataDir.toString()))
                .toList();
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
