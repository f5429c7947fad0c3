package io.pvstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real EPICS softIoc (EPICS Base, built once per machine by {@code devstack/softioc/softioc.sh --build-only})
 * serving a database on a loopback port, with the C command-line tools {@code caget}/{@code caput} of the same build
 * to check it from outside our code. Loopback only: the server binds 127.0.0.1, beacons go to 127.0.0.1, and every
 * CA client here (the IOC's own and the tools) searches 127.0.0.1 only.
 *
 * <p>{@code softIoc -S} ignores SIGTERM (Base 7.0.3.1), so {@link #stop()} kills it.
 */
public final class SoftIoc implements AutoCloseable {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);

    private final Path bin;
    private final Path db;
    private final int port;
    private Process process;

    private SoftIoc(Path bin, Path db, int port) {
        this.bin = bin;
        this.db = db;
        this.port = port;
    }

    /**
     * The directory of the built softIoc and CA tools: {@code $PVSTREAM_EPICS_DIR} or
     * {@code ~/.cache/pvstream/epics}, then {@code epics-base-* /bin/linux-x86_64}; empty when not built.
     */
    public static Optional<Path> binDir() {
        String configured = System.getenv("PVSTREAM_EPICS_DIR");
        Path epics = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "pvstream", "epics");
        if (!Files.isDirectory(epics)) {
            return Optional.empty();
        }
        try (Stream<Path> bases = Files.list(epics)) {
            return bases.filter(base -> base.getFileName().toString().startsWith("epics-base-"))
                    .map(base -> base.resolve("bin/linux-x86_64"))
                    .filter(dir -> Files.isExecutable(dir.resolve("softIoc")) && Files.isExecutable(dir.resolve("caget")))
                    .filter(dir -> Files.exists(epics.resolve(".built"))) // a finished build (softioc.sh)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static boolean isBuilt() {
        return binDir().isPresent();
    }

    /**
     * Writes {@code database} to {@code dir/name.db} and starts a softIoc serving it on a free loopback port; returns
     * once {@code probePv} answers a {@code caget}.
     */
    public static SoftIoc start(Path dir, String name, String database, String probePv) {
        Path bin = binDir().orElseThrow(() -> new IllegalStateException(
                "no softIoc built: run devstack/softioc/softioc.sh --build-only (about 6 minutes, once per machine)"));
        try {
            Files.createDirectories(dir);
            Path db = dir.resolve(name + ".db");
            Files.writeString(db, database, StandardCharsets.UTF_8);
            SoftIoc ioc = new SoftIoc(bin, db, FreePorts.pick());
            ioc.restart(probePv);
            return ioc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * EPICS database text of {@code count} calc records that count up at a periodic scan, named by {@code nameFormat}
     * (e.g. {@code "SIM:PV%05d"}, numbered from 1): what {@code ./pvstream softioc} serves.
     *
     * @param scan an EPICS periodic SCAN value, e.g. {@code ".1 second"} for 10 Hz
     */
    public static String counters(String nameFormat, int count, String scan) {
        StringBuilder db = new StringBuilder(count * 96);
        for (int i = 1; i <= count; i++) {
            String name = String.format(nameFormat, i);
            db.append("record(calc, \"").append(name).append("\") {\n  field(SCAN, \"").append(scan).append("\")\n")
                    .append("  field(CALC, \"A+1\")\n  field(INPA, \"").append(name).append(" NPP\")\n}\n");
        }
        return db.toString();
    }

    /** Starts the IOC (again, after {@link #stop()}) on the same port and waits until {@code probePv} answers. */
    public void restart(String probePv) {
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("softIoc").toString(), "-S", "-d", db.toString())
                .redirectErrorStream(true)
                .redirectOutput(db.resolveSibling(db.getFileName() + ".log").toFile());
        builder.environment().putAll(serverEnvironment());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + bin.resolve("softIoc"), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (caget(probePv).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("softIoc on port " + port + " did not serve " + probePv
                        + " (log: " + db.resolveSibling(db.getFileName() + ".log") + ")");
            }
        }
    }

    /** {@code host:port} for a CA client's address list. */
    public String addressList() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code caget -t} (value only; an enum as its label, an array as count then elements), empty if no answer. */
    public Optional<String> caget(String pv) {
        ToolResult result = tool("caget", "-w", "1", "-t", pv);
        return result.exitCode() == 0 ? Optional.of(result.output().strip()) : Optional.empty();
    }

    /** {@code caput -c} (put with callback: returns once the record has processed). */
    public void caput(String pv, String value) {
        check(tool("caput", "-c", "-w", "5", pv, value), pv);
    }

    /** {@code caput -a}: writes an array. */
    public void caputArray(String pv, double[] values) {
        List<String> args = new ArrayList<>(List.of("caput", "-c", "-w", "5", "-a", pv, Integer.toString(values.length)));
        for (double value : values) {
            args.add(Double.toString(value));
        }
        check(tool(args.toArray(String[]::new)), pv);
    }

    /** Kills the IOC: its clients see the disconnect. */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void check(ToolResult result, String pv) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("caput " + pv + " failed (" + result.exitCode() + "): " + result.output());
        }
    }

    private record ToolResult(int exitCode, String output) {
    }

    private ToolResult tool(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.set(0, bin.resolve(command[0]).toString());
        // stderr apart: the tools warn there that they cannot start a CA repeater (none is wanted on loopback)
        ProcessBuilder builder = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(clientEnvironment());
        try {
            Process tool = builder.start();
            tool.getOutputStream().close();
            byte[] output = tool.getInputStream().readAllBytes();
            if (!tool.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                tool.destroyForcibly();
                return new ToolResult(-1, "timed out");
            }
            return new ToolResult(tool.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ToolResult(-1, "interrupted");
        }
    }

    /** EPICS' shared libraries beside the binaries, wherever the build tree is now. */
    private Map<String, String> libraries() {
        Map<String, String> env = new HashMap<>();
        env.put("LD_LIBRARY_PATH", bin.resolve("../../lib/linux-x86_64").normalize().toString());
        return env;
    }

    /** The tools search this IOC only, on loopback. */
    private Map<String, String> clientEnvironment() {
        Map<String, String> env = libraries();
        env.put("EPICS_CA_AUTO_ADDR_LIST", "NO");
        env.put("EPICS_CA_ADDR_LIST", addressList());
        return env;
    }

    /** Serve on 127.0.0.1 only, beacons to 127.0.0.1 only; the IOC's own CA client (links) searches loopback. */
    private Map<String, String> serverEnvironment() {
        Map<String, String> env = libraries();
        env.put("EPICS_CAS_INTF_ADDR_LIST", "127.0.0.1");
        env.put("EPICS_CAS_SERVER_PORT", Integer.toString(port));
        env.put("EPICS_CAS_AUTO_BEACON_ADDR_LIST", "NO");
        env.put("EPICS_CAS_BEACON_ADDR_LIST", "127.0.0.1");
        env.put("EPICS_CA_AUTO_ADDR_LIST", "NO");
        env.put("EPICS_CA_ADDR_LIST", "127.0.0.1");
        env.put("EPICS_CA_SERVER_PORT", Integer.toString(port));
        return env;
    }
}
