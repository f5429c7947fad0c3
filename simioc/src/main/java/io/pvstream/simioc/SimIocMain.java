package io.pvstream.simioc;

import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a {@link SimulatedIoc} as its own process, e.g. for {@code ./pvstream dev} or a benchmark:
 *
 * <pre>
 * java -cp ... io.pvstream.simioc.SimIocMain --pvs 1000 --rate 1 --port 0 --prefix SIM: --setpoints 10
 * </pre>
 *
 * Prints {@code SIMIOC READY port=<p> pvs=<n>} on stdout once it serves, and stops cleanly on
 * SIGTERM/SIGINT. {@code --help} lists the options.
 */
public final class SimIocMain {

    private SimIocMain() {
    }

    /** The command line; an option not given leaves the builder's default. */
    @Command(name = "SimIocMain", description = "A simulated EPICS IOC: a Channel Access server on 127.0.0.1.")
    static final class Options {
        @Option(names = {"--help", "-h"}, usageHelp = true, description = "Print this text and exit.")
        boolean help;
        @Option(names = "--pvs", paramLabel = "N", description = "Simulated scalar PVs (default "
                + SimIocConfig.DEFAULT_PV_COUNT + ").")
        Integer pvs;
        @Option(names = "--rate", paramLabel = "HZ", description = "Updates per second of each PV, 0 = static (default "
                + SimIocConfig.DEFAULT_UPDATE_RATE_HZ + ").")
        Double rateHz;
        @Option(names = "--port", paramLabel = "P", description = "CA server port, 0 = a free one (default 0).")
        Integer port;
        @Option(names = "--prefix", paramLabel = "S", description = "PV name prefix (default "
                + SimIocConfig.DEFAULT_PREFIX + ").")
        String prefix;
        @Option(names = "--setpoints", paramLabel = "M", description = "Setpoint/readback pairs (default "
                + SimIocConfig.DEFAULT_SETPOINT_COUNT + ").")
        Integer setpoints;
        @Option(names = "--waveform-length", paramLabel = "L", description = "Elements of the waveform PVs (default "
                + SimIocConfig.DEFAULT_WAVEFORM_LENGTH + ").")
        Integer waveformLength;

        SimIocBuilder toBuilder() {
            SimIocBuilder builder = SimulatedIoc.builder();
            if (pvs != null) {
                builder.pvCount(pvs);
            }
            if (rateHz != null) {
                builder.updateRateHz(rateHz);
            }
            if (port != null) {
                builder.port(port);
            }
            if (prefix != null) {
                builder.prefix(prefix);
            }
            if (setpoints != null) {
                builder.setpointCount(setpoints);
            }
            if (waveformLength != null) {
                builder.waveformLength(waveformLength);
            }
            builder.config(); // validates
            return builder;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        CommandLine commandLine = commandLine();
        SimIocBuilder builder;
        try {
            Options options = parseOptions(commandLine, args);
            if (options.help) {
                commandLine.usage(System.out);
                return;
            }
            builder = options.toBuilder();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            commandLine.usage(System.err);
            System.exit(2);
            return;
        }
        SimulatedIoc ioc = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ioc.close();
            stopped.countDown();
        }, "simioc-shutdown"));
        ioc.start();
        System.out.println("SIMIOC READY port=" + ioc.port() + " pvs=" + ioc.config().pvCount());
        System.out.flush();
        stopped.await();
    }

    /** Parses the command line into a builder; unknown or malformed options are rejected. */
    static SimIocBuilder parse(String[] args) {
        return parseOptions(commandLine(), args).toBuilder();
    }

    private static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Options());
        commandLine.setExpandAtFiles(false); // an argument starting with @ is a value, not a file to read
        commandLine.setOverwrittenOptionsAllowed(true);
        return commandLine;
    }

    /** picocli's errors in the words this command always used (scripts and tests match on them). */
    private static Options parseOptions(CommandLine commandLine, String[] args) {
        try {
            commandLine.parseArgs(args);
            return commandLine.getCommand();
        } catch (UnmatchedArgumentException e) {
            String arg = e.getUnmatched().get(0);
            throw new IllegalArgumentException(arg.startsWith("-") ? "unknown option " + arg.split("=", 2)[0]
                    : "unexpected argument '" + arg + "'", e);
        } catch (MissingParameterException e) {
            throw new IllegalArgumentException("missing value for " + optionName(e), e);
        } catch (ParameterException e) {
            if (e.getArgSpec() instanceof OptionSpec && e.getValue() != null) {
                throw new IllegalArgumentException("not a number for " + optionName(e) + ": " + e.getValue(), e);
            }
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String optionName(ParameterException e) {
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            return option.longestName();
        }
        return e.getArgSpec() instanceof OptionSpec option ? option.longestName() : String.valueOf(e.getArgSpec());
    }
}
