package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.pvstream.connectors.ConnectWorkerMain;

/**
 * {@code ./pvstream dev} in a JVM of its own, as the user runs it (DevMain on the test classpath), with its
 * output kept, and the processes it started found by their command lines: the Connect worker carries the
 * platform's pid ({@link ConnectWorkerMain#PARENT_PID_PROPERTY}), everything of PostgreSQL (servers,
 * watchdogs, pg_ctl) names the data directory.
 */
final class DevProcess {

    private final Path dataDir;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;
    final int httpPort = FreePorts.pick();
    final int brokerPort = FreePorts.pick();

    private DevProcess(Path dataDir, List<String> args) throws Exception {
        this.dataDir = dataDir;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Djava.net.preferIPv4Stack=true",
                "-cp", System.getProperty("java.class.path"), DevMain.class.getName(),
                "--http-port", Integer.toString(httpPort), "--broker-port", Integer.toString(brokerPort),
                "--data-dir", dataDir.toString()));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (Exception e) {
                // the process ended
            }
        }, "dev-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Launches it with the simulated IOC's {@code pvs} PVs on fresh ports. */
    static DevProcess start(Path dataDir, int pvs) throws Exception {
        return new DevProcess(dataDir, List.of("--sim-pvs", Integer.toString(pvs)));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean isUp() {
        return output.stream().anyMatch(line -> line.contains("pvstream dev is up"));
    }

    List<String> output() {
        return output;
    }

    void awaitUp() {
        await().atMost(Duration.ofSeconds(150)).until(() -> isUp() || !process.isAlive());
        assertThat(process.isAlive()).as("dev exited early:%n%s", tail()).isTrue();
    }

    /** Polls (every 20 ms) until {@code found} lists a process, and fails if the platform exits first. */
    void awaitProcess(String what, Supplier<List<ProcessHandle>> found) {
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(150))
                .until(() -> !found.get().isEmpty() || !process.isAlive());
        assertThat(process.isAlive()).as("dev exited before %s appeared:%n%s", what, tail()).isTrue();
    }

    /** SIGTERM, as Ctrl-C or {@code kill}; ({@link Process#destroy()} would also close our end of its output). */
    void sigterm() {
        process.toHandle().destroy();
    }

    /** SIGKILL: no shutdown hook runs. */
    void sigkill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    void awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("stopped within %s:%n%s", timeout, tail()).isTrue();
        reader.join(Duration.ofSeconds(10).toMillis()); // drain what it printed while stopping
    }

    /** Connect workers started by this platform process (alive, whatever their parent is by now). */
    List<ProcessHandle> connectWorkers() {
        String marker = workerMarker();
        return ProcessHandle.allProcesses()
                .filter(p -> commandLine(p).contains(marker))
                .filter(DevProcess::isRunning)
                .toList();
    }

    /** PostgreSQL postmasters with their data directory under this platform's. */
    List<ProcessHandle> postgresServers() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                .filter(p -> commandLine(p).contains(dataDir.toString()))
                .filter(DevProcess::isRunning)
                .toList();
    }

    /** The watchdog shells of the PostgreSQL servers in {@code <dataDir>/postgres/<role>}. */
    List<ProcessHandle> postgresWatchdogs(String role) {
        String dir = dataDir.resolve("postgres").resolve(role).toString();
        return ProcessHandle.allProcesses()
                .filter(p -> commandLine(p).contains("pvstream-postgres-watchdog") && commandLine(p).endsWith(dir))
                .toList();
    }

    /** Every process of this platform but its own JVM: Connect worker, PostgreSQL servers and tools, watchdogs. */
    List<ProcessHandle> processesLeft() {
        String marker = workerMarker();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != process.pid())
                .filter(p -> commandLine(p).contains(dataDir.toString()) || commandLine(p).contains(marker))
                .filter(DevProcess::isRunning)
                .toList();
    }

    /** On the worker's command line, before the classpath (Linux shows other processes the first 4 KB only). */
    private String workerMarker() {
        return "-D" + ConnectWorkerMain.PARENT_PID_PROPERTY + "=" + process.pid() + " ";
    }

    /** Polls until none of {@link #processesLeft()} is alive. */
    void awaitNothingLeft(Duration timeout) {
        await().atMost(timeout).untilAsserted(() -> assertThat(processesLeft())
                .as("processes left behind").extracting(DevProcess::describe).isEmpty());
    }

    /** After a failed test: SIGKILL to the platform and to whatever it left. */
    void killEverything() {
        processesLeft().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Alive and not a zombie: a process that ended after its parent did stays in the process table (and
     * {@link ProcessHandle#isAlive()}) until init gets round to reaping it.
     */
    static boolean isRunning(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    static String describe(ProcessHandle p) {
        String line = commandLine(p);
        return p.pid() + " " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }

    private static String commandLine(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }

    private String tail() {
        return output.subList(Math.max(0, output.size() - 40), output.size()).stream().collect(Collectors.joining("\n"));
    }
}
