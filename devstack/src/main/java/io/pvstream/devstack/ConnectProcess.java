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
    private volatile ChildJvm jvm;
    private boolean closed;

    /** Nothing runs until {@link #launch()}. */
    ConnectProcess(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Starts the worker and waits until it and its connectors run.
     *
     * @param env {@code PVSTREAM_*} configuration of the worker (bootstrap, ops.jdbc.*, topic layout)
     */
    public static ConnectProcess start(Map<String, String> env) {
        ConnectProcess process = new ConnectProcess(env);
        try {
            process.launch();
            return process;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /**
     * Launches the worker JVM and waits until it and its connectors run. The worker is told this JVM's pid
     * ({@link ConnectWorkerMain#PARENT_PID_PROPERTY}, which also marks it on its command line) and exits by
     * itself when this JVM ends, even by SIGKILL.
     *
     * @throws IllegalStateException after {@link #close()}, or if the worker exits or is not ready in time
     */
    void launch() {
        ChildJvm launched;
        synchronized (this) {
            // under the lock: a close() from another thread either comes first (nothing is launched) or
            // waits until the process exists, and stops it
            if (closed) {
                throw new IllegalStateException("the Connect worker was stopped before it started");
            }
            Map<String, String> childEnv = new HashMap<>(env);
            childEnv.putIfAbsent("PVSTREAM_CONNECT_REST_PORT", "0");
            launched = ChildJvm.start("connect", classpath(), ConnectWorkerMain.class.getName(), List.of(), childEnv,
                    List.of("-Xmx1g", "-D" + ConnectWorkerMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid()),
                    line -> line.startsWith(ConnectWorkerMain.READY_PREFIX));
            jvm = launched;
        }
        try {
            launched.awaitReady(READY_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Connect", e);
        }
    }

    /** The Connect REST address. */
    public String restUrl() {
        return jvm.readyLine().substring(ConnectWorkerMain.READY_PREFIX.length()).strip().replaceAll("/+$", "");
    }

    /** The worker's process id. */
    public long pid() {
        return jvm.pid();
    }

    /** Kills the worker with SIGKILL, as a crash would. */
    public void kill() throws InterruptedException {
        jvm.kill();
    }

    /**
     * Starts it again after {@link #kill()} (not after {@link #close()}, which is for good); it resumes from
     * its committed offsets.
     */
    public void restart() {
        launch();
    }

    /** Stops the worker for good (SIGTERM, SIGKILL if it is not gone in time); a launch under way is stopped too. */
    @Override
    public synchronized void close() {
        closed = true;
        if (jvm != null) {
            jvm.close();
        }
    }

    /**
     * The connectors module's runtime classpath, written by its build ({@code target/classpath.txt}).
     * Looked up from the working directory: the repository root ({@code ./pvstream}) or a module
     * directory (tests).
     */
    public static String classpath() {
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
