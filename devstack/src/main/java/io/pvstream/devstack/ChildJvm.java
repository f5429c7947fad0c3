package io.pvstream.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A service run in its own JVM on this JVM's classpath, so its CPU time is its own
 * ({@link ProcessHandle.Info#totalCpuDuration()}), as in a real deployment.
 *
 * <p>Options in {@code jvmOptions} come before the classpath on the command line: Linux shows only the first
 * 4 KB of a command line to other processes, and the classpath is longer than that.
 */
public final class ChildJvm implements AutoCloseable {

    /** How long {@link #close()} lets the process stop after SIGTERM before it kills it. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String lastReadyLine;

    private ChildJvm(String name, Process process, Predicate<String> readyLine, Consumer<String> output) {
        this.name = name;
        this.process = process;
        Thread pump = new Thread(() -> pump(readyLine, output), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code main} on this JVM's own classpath. */
    public static ChildJvm start(String name, Class<?> main, List<String> args, Map<String, String> env,
                                 List<String> jvmOptions, Predicate<String> readyLine) {
        return start(name, System.getProperty("java.class.path"), main.getName(), args, env, jvmOptions, readyLine);
    }

    /** Starts {@code mainClass} on the given classpath (another module's, e.g. the Connect worker's). */
    public static ChildJvm start(String name, String classpath, String mainClass, List<String> args,
                                 Map<String, String> env, List<String> jvmOptions, Predicate<String> readyLine) {
        return start(name, classpath, mainClass, args, env, jvmOptions, readyLine, line -> {
            if (line.contains("ERROR") || line.contains("Exception")) {
                System.err.println("[" + name + "] " + line);
            }
        });
    }

    /**
     * As {@link #start(String, String, String, List, Map, List, Predicate)}, with every line of its output given to
     * {@code output} (e.g. written to a log file) instead of its errors echoed on this JVM's stderr.
     */
    public static ChildJvm start(String name, String classpath, String mainClass, List<String> args,
                                 Map<String, String> env, List<String> jvmOptions, Predicate<String> readyLine,
                                 Consumer<String> output) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.pvstream");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            return new ChildJvm(name, builder.start(), readyLine, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void pump(Predicate<String> readyLine, Consumer<String> output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (readyLine.test(line)) {
                    lastReadyLine = line;
                    ready.countDown();
                }
                output.accept(line);
            }
        } catch (IOException e) {
            // process ended
        } finally {
            ready.countDown(); // its output ended: no ready line will come, and nobody should wait for one
        }
    }

    /**
     * @throws IllegalStateException if it printed no ready line within {@code timeout}, or exited before
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " not ready within " + timeout + (process.isAlive() ? "" : " (exited)"));
        }
        if (lastReadyLine == null) {
            throw new IllegalStateException(name + " ended before it was ready");
        }
    }

    /** CPU time (user + system) the process has used so far. */
    public Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The output line that made it ready, null before. */
    public String readyLine() {
        return lastReadyLine;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: a crash, not a shutdown. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM; SIGKILL if it has not exited {@link #STOP_BOUND} later. Returns once it is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("[" + name + "] not stopped " + STOP_BOUND + " after SIGTERM: killing it");
                process.destroyForcibly().waitFor(STOP_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
