package io.pvstream.devstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stops a PostgreSQL server when this JVM ends without running its shutdown hooks (SIGKILL, a crash):
 * {@code pg_ctl start} daemonizes the server, so nothing else ties it to this JVM.
 *
 * <p>A tiny shell waits for end-of-file on its standard input, a pipe whose only writer is this JVM; the
 * kernel closes the pipe when this JVM dies, however it dies, and the shell then sends SIGINT (fast
 * shutdown) to the postmaster it was given, by pid: a server started later on the same data directory
 * is left alone. {@link #close()} kills the shell first, so a server stopped on purpose is stopped by
 * {@code pg_ctl} alone.
 */
final class PostgresWatchdog implements AutoCloseable {

    private static final String SCRIPT = "while read -r _; do :; done; kill -INT \"$1\" 2>/dev/null";

    private final Process shell;

    private PostgresWatchdog(Process shell) {
        this.shell = shell;
    }

    /** @param dataDir only named on the shell's command line, so that {@code ps} tells whose it is */
    static PostgresWatchdog watch(long postmasterPid, Path dataDir) {
        try {
            return new PostgresWatchdog(new ProcessBuilder("sh", "-c", SCRIPT, "pvstream-postgres-watchdog",
                    Long.toString(postmasterPid), dataDir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog of PostgreSQL in " + dataDir, e);
        }
    }

    /** SIGKILL to the shell (it has no child: {@code read} and {@code :} are built in), then lets go of its pipe. */
    @Override
    public void close() {
        shell.destroyForcibly();
        try {
            shell.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            shell.getOutputStream().close();
        } catch (IOException ignored) {
            // the shell is gone; closing our end of its pipe only frees the descriptor
        }
    }
}
