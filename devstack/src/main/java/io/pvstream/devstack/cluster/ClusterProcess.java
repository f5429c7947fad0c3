package io.pvstream.devstack.cluster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.pvstream.devstack.ChildJvm;

/**
 * One part of the local cluster as an OS process of its own, which a fault may kill ({@code kill -9}), pause
 * ({@code SIGSTOP}) and resume, or start again with the same command line (same ports, same data directory).
 * Runs under {@link OrphanGuard} unless it has its own parent watch (the Connect worker).
 */
public final class ClusterProcess implements AutoCloseable {

    private final String name;
    private final String classpath;
    private final List<String> command;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private final Predicate<String> readyLine;
    private final Duration readyTimeout;
    private final Path logFile;
    private volatile ChildJvm jvm;
    private BufferedWriter log;
    private boolean closed;

    /**
     * @param logDir    where its output goes ({@code <name>.log}, appended to by every launch)
     * @param classpath null = this JVM's (then the main class runs under {@link OrphanGuard})
     */
    ClusterProcess(String name, Path logDir, String classpath, String mainClass, List<String> args, Map<String, String> env,
                   List<String> jvmOptions, Predicate<String> readyLine, Duration readyTimeout) {
        this.name = name;
        this.classpath = classpath;
        List<String> full = new ArrayList<>();
        if (classpath == null) {
            full.add(OrphanGuard.class.getName());
            full.add(Long.toString(ProcessHandle.current().pid()));
        }
        full.add(mainClass);
        full.addAll(args);
        this.command = List.copyOf(full);
        this.env = Map.copyOf(env);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.readyLine = readyLine;
        this.readyTimeout = readyTimeout;
        this.logFile = logDir.resolve(name + ".log");
    }

    /** Launches the process; {@link #awaitReady()} waits for it. */
    public synchronized void launch() {
        if (closed) {
            throw new IllegalStateException(name + " was stopped for good");
        }
        String cp = classpath != null ? classpath : System.getProperty("java.class.path");
        closeLog();
        try {
            Files.createDirectories(logFile.getParent());
            log = Files.newBufferedWriter(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logFile, e);
        }
        BufferedWriter out = log;
        jvm = ChildJvm.start(name, cp, command.get(0), command.subList(1, command.size()), env, jvmOptions, readyLine,
                line -> write(out, line));
    }

    private static void write(BufferedWriter out, String line) {
        synchronized (out) {
            try {
                out.write(line);
                out.newLine();
                out.flush();
            } catch (IOException e) {
                // the log is closed: the process was started again or stopped for good
            }
        }
    }

    private void closeLog() {
        if (log != null) {
            synchronized (log) {
                try {
                    log.close();
                } catch (IOException e) {
                    // nothing more to write to it
                }
            }
        }
    }

    /** Where its output goes. */
    public Path logFile() {
        return logFile;
    }

    /** Waits until it printed its ready line. */
    public void awaitReady() {
        try {
            jvm.awaitReady(readyTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    /** Launches it (again, after {@link #kill()}) and waits until it is ready. */
    public void start() {
        launch();
        awaitReady();
    }

    /** The line that made it ready. */
    public String readyLine() {
        return jvm.readyLine();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return jvm.pid();
    }

    public boolean isAlive() {
        ChildJvm current = jvm;
        return current != null && current.isAlive();
    }

    /** {@code kill -9}: a crash, no shutdown hook runs. */
    public void kill() {
        try {
            jvm.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code SIGSTOP}: the process holds its sockets open and answers nothing, as behind a network partition. */
    public void pause() {
        signal("STOP");
    }

    /** {@code SIGCONT} after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes every one of {@code processes} at the same time and returns once all are stopped. */
    static void closeAtOnce(List<ClusterProcess> processes) {
        List<Thread> stoppers = new ArrayList<>();
        for (ClusterProcess process : processes) {
            Thread stopper = new Thread(process::close, "stop-" + process.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGTERM (after SIGCONT, should it be paused), SIGKILL if it does not stop in time; for good. */
    @Override
    public synchronized void close() {
        closed = true;
        if (jvm != null && jvm.isAlive()) {
            signal("CONT");
            jvm.close();
        }
        closeLog();
    }
}
