package io.pvstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pvstream.connectors.ConnectWorkerMain;

/**
 * The pvstream Connect worker ({@link ConnectWorkerMain}) as a child process on the connectors
 * module's classpath. Not in this JVM: Connect's REST server is Jetty 12, the query API's Jetty 11.
 * The worker registers and supervises the operations connectors itself; this class only starts,
 * kills (a crash) and stops it.
 */
public final class ConnectProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private final Map<String, String> env;
    private ChildJvm jvm;

    private ConnectProcess(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Starts the worker and waits until it and its connectors run.
     *
     * @param env {@code PVSTREAM_*} configuration of the worker (bootstrap, ops.jdbc.*, topic layout)
     */
    public static ConnectProcess start(Map<String, String> env) {
        ConnectProcess process = new ConnectProcess(env);
        process.startJvm();
        return process;
    }

    private void startJvm() {
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.putIfAbsent("PVSTREAM_CONNECT_REST_PORT", "0");
        jvm = ChildJvm.start("connect", classpath(), ConnectWorkerMain.class.getName(), List.of(), childEnv,
                List.of("-Xmx1g"), line -> line.startsWith(ConnectWorkerMain.READY_PREFIX));
        try {
            jvm.awaitReady(READY_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Connect", e);
        }
    }

    /** The Connect REST address. */
    public String restUrl() {
        return jvm.readyLine().substring(ConnectWorkerMain.READY_PREFIX.length()).strip().replaceAll("/+$", "");
    }

    /** Kills the worker with SIGKILL, as a crash would. */
    public void kill() throws InterruptedException {
        jvm.kill();
    }

    /** Starts it again after {@link #kill()} or {@link #close()}; it resumes from its committed offsets. */
    public void restart() {
        startJvm();
    }

    @Override
    public void close() throws InterruptedException {
        if (jvm != null) {
            jvm.close();
        }
    }

    /**
     * The connectors module's runtime classpath, written by its build ({@code target/classpath.txt}).
     * Looked up from the working directory: the repository root ({@code ./pvstream}) or a module
     * directory (tests).
     */
    static String classpath() {
        for (Path module : List.of(Path.of("connectors"), Path.of("..", "connectors"))) {
            Path file = module.resolve("target").resolve("classpath.txt");
            if (Files.exists(file)) {
                try {
                    return module.resolve("target").resolve("classes").toAbsolutePath() + java.io.File.pathSeparator
                            + Files.readString(file).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("connectors/target/classpath.txt not found: build with 'mvn -DskipTests install' first");
    }
}
