package io.pvstream.devstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Options of {@code ./pvstream dev}. Each is a command-line option ({@code --sim-pvs 500}: dashes of
 * the option are the dots of the key) and an environment variable ({@code PVSTREAM_SIM_PVS=500}).
 * Keys of the services it starts ({@code ca.addr.list}, {@code http.port}, ...) pass through to them.
 */
public final class DevConfig extends AbstractConfig {

    public static final String SIM_ENABLED = "sim.enabled";
    public static final String SIM_PVS = "sim.pvs";
    public static final String SIM_RATE_HZ = "sim.rate.hz";
    public static final String SIM_PORT = "sim.port";
    public static final String SIM_PVA_ENABLED = "sim.pva.enabled";
    public static final String PV_FILE = "pv.file";
    public static final String CA_ADDR_LIST = "ca.addr.list";
    public static final String HTTP_PORT = "http.port";
    public static final String DATA_DIR = "data.dir";
    public static final String BROKER_PORT = "broker.port";
    public static final String OPS_ENABLED = "ops.enabled";
    public static final String BACKGROUND_NICENESS = "background.niceness";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(SIM_ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                    "Start the simulated IOC and monitor its PVs (--no-sim turns it off).")
            .define(SIM_PVS, Type.INT, 1000, Range.atLeast(1), Importance.HIGH,
                    "Number of simulated scalar PVs SIM:PV00001..N (plus one PV of each DBR type and setpoints).")
            .define(SIM_RATE_HZ, Type.DOUBLE, 1.0, Range.atLeast(0), Importance.MEDIUM,
                    "Update rate of each simulated PV, Hz (0 = static).")
            .define(SIM_PORT, Type.INT, 0, Range.between(0, 65535), Importance.LOW,
                    "CA server port of the simulated IOC; 0 = a free port (printed at start).")
            .define(SIM_PVA_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "With the simulated IOC, also start the simulated pvAccess IOC (PVA:DOUBLE, LONG, ENUM, STRING, "
                            + "WAVE, SP/RB, AI, TABLE on loopback UDP 5076) and monitor its PVs over pvAccess.")
            .define(PV_FILE, Type.STRING, "", Importance.HIGH,
                    "File with PV names to monitor, one per line (# comments); added to pv.config at start.")
            .define(CA_ADDR_LIST, Type.STRING, "", Importance.HIGH,
                    "Extra CA addresses (EPICS_CA_ADDR_LIST form) of real IOCs; the simulated IOC's address is added.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH,
                    "Port of the query API on 127.0.0.1.")
            .define(DATA_DIR, Type.STRING, ".pvstream/dev", Importance.HIGH,
                    "Where the broker and the Streams state keep their data; reused on the next start.")
            .define(BROKER_PORT, Type.INT, 9092, Range.between(0, 65535), Importance.MEDIUM,
                    "Kafka client port of the embedded broker on 127.0.0.1; 0 = a free port.")
            .define(OPS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Start the operations-records stack: PostgreSQL primary + replica and a Connect worker "
                            + "with the JDBC sink and Debezium source (--no-ops turns it off).")
            .define(BACKGROUND_NICENESS, Type.INT, 10, Range.between(0, 19), Importance.LOW,
                    "CPU niceness of PostgreSQL and the Connect worker, the parts that may fall behind without "
                            + "harm (operations records wait in Kafka, the archive catches up): when the machine's "
                            + "cores are all busy, the live path (broker, ingest, Streams, API) gets them first, "
                            + "so live values stay fresh. 0 = the same priority as the rest.");

    /** Keys the launcher consumes itself; every other key is passed to the services it starts. */
    static final Set<String> LAUNCHER_ONLY =
            Set.of(SIM_ENABLED, SIM_PVS, SIM_RATE_HZ, SIM_PORT, SIM_PVA_ENABLED, PV_FILE, CA_ADDR_LIST, DATA_DIR,
                    BROKER_PORT, OPS_ENABLED, BACKGROUND_NICENESS);

    private DevConfig(Map<String, Object> values) {
        super(DEFINITION, values, false);
    }

    public static DevConfig load(Map<String, String> env, List<String> args) {
        return new DevConfig(ConfigLoader.resolve(DEFINITION, env, parseArgs(args)));
    }

    /**
     * {@code --sim-pvs 10 --no-sim --http-port=9000} → {@code sim.pvs=10, sim.enabled=false, http.port=9000}. Every
     * known key is an option; so is each {@code --kafka-...} on this command line, as kafka.* keys are open-ended.
     * Values stay strings: {@link ConfigLoader} checks them against the keys' types and ranges.
     */
    static Map<String, Object> parseArgs(List<String> args) {
        CommandSpec spec = CommandSpec.create().name("./pvstream dev");
        spec.addOption(OptionSpec.builder("--no-sim").arity("0").build());
        spec.addOption(OptionSpec.builder("--no-ops").arity("0").build());
        Set<String> keys = knownKeys();
        args.stream().filter(arg -> arg.startsWith("--" + CommonConfig.KAFKA_PREFIX.replace('.', '-')))
                .map(arg -> arg.substring(2).split("=", 2)[0].replace('-', '.'))
                .forEach(keys::add);
        keys.forEach(key -> spec.addOption(OptionSpec.builder(optionName(key)).type(String.class).build()));
        CommandLine commandLine = new CommandLine(spec);
        commandLine.setExpandAtFiles(false);            // a value may start with @
        commandLine.setOverwrittenOptionsAllowed(true); // the last of a repeated option wins
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args.toArray(String[]::new));
        } catch (UnmatchedArgumentException e) {
            throw unmatched(e);
        } catch (MissingParameterException e) {
            throw new IllegalArgumentException("option " + ((OptionSpec) e.getMissing().get(0)).longestName()
                    + " needs a value", e);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (see README.md for the options of ./pvstream dev)", e);
        }
        Map<String, Object> values = new HashMap<>();
        for (String key : keys) {
            String value = parsed.matchedOptionValue(optionName(key), null);
            if (value != null) {
                values.put(key, value);
            }
        }
        if (parsed.hasMatchedOption("--no-sim")) {
            values.put(SIM_ENABLED, "false");
        }
        if (parsed.hasMatchedOption("--no-ops")) {
            values.put(OPS_ENABLED, "false");
        }
        return values;
    }

    /** Whether the command line asks for {@link #usage()} ({@code --help} or {@code -h}). */
    public static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** {@code ./pvstream dev --help}: the launcher's own options with their env vars, defaults and meaning. */
    public static String usage() {
        StringBuilder out = new StringBuilder("usage: ./pvstream dev [options]\n\n"
                + "  --no-sim    no simulated IOC (PVSTREAM_SIM_ENABLED=false)\n"
                + "  --no-ops    no PostgreSQL / Connect (PVSTREAM_OPS_ENABLED=false)\n");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            out.append(String.format("  %s %s (%s, default %s)%n      %s%n", optionName(key.name),
                    key.type.name().toLowerCase(Locale.ROOT), ConfigLoader.envName(key.name),
                    key.defaultValue, key.documentation));
        }
        return out.append("\nEvery key of the services it starts is an option too (--ingest-heartbeat-interval-ms 1000 "
                + "or --key=value), and every option an env var: docs/configuration.md lists them all.\n").toString();
    }

    private static String optionName(String key) {
        return "--" + key.replace('.', '-');
    }

    private static IllegalArgumentException unmatched(UnmatchedArgumentException e) {
        String arg = e.getUnmatched().get(0);
        if (!arg.startsWith("--") || arg.length() == 2) {
            return new IllegalArgumentException("unexpected argument '" + arg + "' (options look like --sim-pvs 100)", e);
        }
        List<String> suggestions = e.getSuggestions();
        return new IllegalArgumentException("unknown option " + arg.split("=", 2)[0]
                + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)")
                + " (see README.md for the options of ./pvstream dev)", e);
    }

    /** Every key the launcher or a service it starts understands. */
    private static Set<String> knownKeys() {
        Set<String> known = new TreeSet<>(DEFINITION.names());
        known.addAll(IngestConfig.DEFINITION.names());
        known.addAll(QueryApiConfig.DEFINITION.names());
        return known;
    }

    public Path dataDir() {
        return Path.of(getString(DATA_DIR)).toAbsolutePath();
    }
}
