package io.pvstream.devstack.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PostgreSQL command-line tools as the {@link PostgresOsUser}, in the cluster directory,
 * and appends every command with its output to {@code commands.log} there.
 *
 * <p>Output goes through a file, not a pipe: {@code pg_ctl start} leaves a daemon behind, and a
 * pipe that a daemon might hold open would never reach end-of-file.
 */
final class PostgresCommands {

    /** What a command printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    private final Path binDir;
    private final PostgresOsUser user;
    private final Path workDir;
    private final Path commandLog;

    PostgresCommands(Path binDir, PostgresOsUser user, Path clusterDir) {
        this.binDir = binDir;
        this.user = user;
        this.workDir = clusterDir;
        this.commandLog = clusterDir.resolve("commands.log");
    }

    /** Runs {@code tool} and fails with its output unless it exits 0. */
    String run(Duration timeout, String tool, String... args) {
        Result result = runForResult(timeout, tool, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(tool + " " + String.join(" ", args) + " exited " + result.exitCode()
                    + ":\n" + result.output());
        }
        return result.output();
    }

    /** Runs {@code tool} and returns its exit code and output, for tools whose exit code is an answer. */
    Result runForResult(Duration timeout, String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binDir.resolve(tool).toString());
        command.addAll(List.of(args));
        Path output = null;
        try {
            output = Files.createTempFile("pvstream-pg-", ".out");
            ProcessBuilder builder = new ProcessBuilder(user.commandLine(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // PGPORT, PGHOST, PGDATA... of the caller's shell must not redirect our commands
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(tool + " did not finish within " + timeout + ":\n" + read(output));
            }
            String text = read(output);
            logCommand(command, process.exitValue(), text);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            deleteQuietly(output);
        }
    }

    private void logCommand(List<String> command, int exitCode, String output) throws IOException {
        String entry = Instant.now() + " $ " + String.join(" ", command) + "  (exit " + exitCode + ")\n" + output
                + (output.endsWith("\n") || output.isEmpty() ? "" : "\n");
        Files.writeString(commandLog, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String read(Path file) throws IOException {
        // lenient: a tool's message in another encoding must not hide the message
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is not worth failing a start for
        }
    }
}
