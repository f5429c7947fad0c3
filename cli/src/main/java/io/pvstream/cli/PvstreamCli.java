package io.pvstream.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pvstream}: the platform for operators and scripts. Talks to the query API (REST and WebSocket); the API key
 * comes from {@code PVSTREAM_API_KEY}, never from an argument (it would show in {@code ps} and shell history).
 * Prints a table, or JSON with {@code --json}. Exit codes: 0 success, 1 a failed operation (e.g. a restore with
 * failed PVs, an error answer), 2 bad usage.
 */
@Command(name = "pvstream", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "pvstream cli 0.1",
        description = "Live PV values, snapshots, restores and change streams of a pvstream platform.",
        subcommands = {GetCommand.class, TailCommand.class, PvsCommand.class, SnapshotCommand.class},
        footer = {"", "Environment:", "  PVSTREAM_URL                query API (default " + PvstreamCli.DEFAULT_URL + ")",
                "  PVSTREAM_API_KEY            sent as Authorization: Bearer",
                "  PVSTREAM_BOOTSTRAP_SERVERS  Kafka, for tail (default 127.0.0.1:9092)",
                "Exit: 0 done, 1 failed, 2 bad usage."})
public final class PvstreamCli {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", scope = CommandLine.ScopeType.INHERIT, description = "Query API base URL (default: $PVSTREAM_URL or " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--json", scope = CommandLine.ScopeType.INHERIT, description = "Print JSON (one document, or one line per record for tail).")
    boolean json;

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;

    PvstreamCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command line; returns its exit code (the entry point of tests too). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new PvstreamCli(env, out, err));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException failure) {
                err.println("pvstream: " + failure.getMessage());
                return failure.exitCode();
            }
            err.println("pvstream: " + e);
            return 1;
        });
        return line.execute(args);
    }

    ApiClient api() {
        String base = url != null ? url : env.getOrDefault("PVSTREAM_URL", DEFAULT_URL);
        return new ApiClient(URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base),
                env.get("PVSTREAM_API_KEY"));
    }

    Output output() {
        return new Output(out, json);
    }
}
