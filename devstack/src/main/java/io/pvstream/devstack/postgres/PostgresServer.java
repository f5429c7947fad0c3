package io.pvstream.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server (primary or replica): its data directory, its port, and its log file.
 * Started and stopped with {@code pg_ctl}; the server log goes to {@code <role>.log} next to the
 * data directory. While it runs, a {@link PostgresWatchdog} stops it if this JVM dies.
 *
 * <p>Start and stop exclude each other, so a {@link #close()} from another thread (a shutdown hook)
 * during {@link #start()} waits for the start and then stops the server; after {@link #close()} it
 * never starts again.
 */
final class PostgresServer {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_MARGIN = Duration.ofSeconds(30);
    /** A fast shutdown that takes longer than this becomes an immediate one (a crash, recovered at the next start). */
    private static final Duration FAST_STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 40;

    private final String role;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final String settings;
    private final PostgresCommands commands;
    private final PostgresOsUser user;
    private PostgresWatchdog watchdog;
    private boolean closed;

    /** @param settings the content of {@link PostgresSettings#FILE}, port included */
    PostgresServer(String role, Path dataDir, int port, String settings, PostgresCommands commands, PostgresOsUser user) {
        this.role = role;
        this.dataDir = dataDir;
        this.logFile = dataDir.resolveSibling(role + ".log");
        this.port = port;
        this.settings = settings;
        this.commands = commands;
        this.user = user;
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Starts the server and returns once it accepts connections on 127.0.0.1.
     *
     * @throws IllegalStateException after {@link #close()}, or when it does not start
     */
    synchronized void start() {
        if (closed) {
            throw new IllegalStateException("PostgreSQL " + role + " was stopped for good before it started");
        }
        long startNanos = System.nanoTime();
        stopLeftoverServer();
        writeSettings();
        try {
            commands.run(START_TIMEOUT.plus(COMMAND_MARGIN), "pg_ctl", "start", "-D", dataDir.toString(),
                    "-l", logFile.toString(), "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "-s");
            watchdog = PostgresWatchdog.watch(postmasterPid(), dataDir);
            awaitAcceptingConnections();
        } catch (RuntimeException e) {
            throw new IllegalStateException("PostgreSQL " + role + " did not start on port " + port + ": "
                    + e.getMessage() + "\n--- last lines of " + logFile + " ---\n" + logTail(), e);
        }
        log.info("PostgreSQL {} ready on 127.0.0.1:{} in {} ms", role, port, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /**
     * Fast shutdown (clients disconnected, no waiting for them), immediate if that takes longer than
     * {@link #FAST_STOP_TIMEOUT}; returns when the server process is gone. It may be started again.
     */
    synchronized void stop() {
        if (watchdog != null) {
            watchdog.close();
            watchdog = null;
        }
        if (!isRunning()) {
            return;
        }
        try {
            commands.run(FAST_STOP_TIMEOUT.plus(COMMAND_MARGIN), "pg_ctl", "stop", "-D", dataDir.toString(),
                    "-m", "fast", "-w", "-t", Long.toString(FAST_STOP_TIMEOUT.toSeconds()), "-s");
        } catch (RuntimeException fastFailed) {
            if (!isRunning()) {
                return; // it ended meanwhile (a leftover stopped by its watchdog)
            }
            log.warn("PostgreSQL {} in {} did not stop within {}: immediate shutdown", role, dataDir, FAST_STOP_TIMEOUT);
            try {
                commands.run(COMMAND_MARGIN.multipliedBy(2), "pg_ctl", "stop", "-D", dataDir.toString(),
                        "-m", "immediate", "-w", "-t", Long.toString(COMMAND_MARGIN.toSeconds()), "-s");
            } catch (RuntimeException e) {
                e.addSuppressed(fastFailed);
                throw new IllegalStateException("PostgreSQL " + role + " did not stop: " + e.getMessage()
                        + "\n--- last lines of " + logFile + " ---\n" + logTail(), e);
            }
        }
        log.info("PostgreSQL {} in {} stopped", role, dataDir);
    }

    /** Stops it for good: a {@link #start()} under way is waited for and undone, a later one refused. */
    synchronized void close() {
        closed = true;
        stop();
    }

    /** {@code pg_ctl status}: exit 0 when a server runs on this data directory. */
    boolean isRunning() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        return commands.runForResult(COMMAND_MARGIN, "pg_ctl", "status", "-D", dataDir.toString()).exitCode() == 0;
    }

    /** The last lines of the server log, for error messages. */
    String logTail() {
        try {
            if (!Files.exists(logFile)) {
                return "(no log yet)";
            }
            List<String> lines = List.of(new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /**
     * A JVM that was killed never ran its shutdown hook and left its server running on this
     * data directory (postgres daemonizes), unless its watchdog stopped it already: stop it, or it
     * keeps the data directory locked.
     */
    synchronized void stopLeftoverServer() {
        if (isRunning()) {
            log.warn("PostgreSQL {} in {} is still running from an earlier run; stopping it", role, dataDir);
            stop();
        }
    }

    /** The first line of {@code postmaster.pid}, written by the server before pg_ctl -w returns. */
    long postmasterPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the server's pid from " + pidFile, e);
        }
    }

    private void writeSettings() {
        Path file = dataDir.resolve(PostgresSettings.FILE);
        try {
            Files.writeString(file, settings, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        user.own(file);
    }

    /**
     * pg_ctl -w already waited for the postmaster to report "ready"; this proves it over TCP, the
     * way every client will connect (and a standby may still refuse while it reaches consistency).
     */
    private void awaitAcceptingConnections() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "2");
        SQLException last;
        do {
            try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), props)) {
                connection.createStatement().execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        } while (System.nanoTime() - deadline < 0);
        throw new IllegalStateException("no connection within " + START_TIMEOUT + ": " + last.getMessage(), last);
    }
}
