package io.pvstream.schemas.config;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code --name value} / {@code --name=value} options with defaults, read into a map (name without the dashes →
 * value): the command lines of the benchmark harnesses and other small mains, on picocli like the {@code cli}
 * module. The options are declared at run time from the defaults, so a harness keeps its options in one map.
 * An unknown option, a missing value or a stray argument is an {@link IllegalArgumentException} whose message
 * names it and carries the usage text (every option with its default); {@code --help} prints that text.
 */
public final class CommandLineOptions {

    private final CommandLine commandLine;
    private final Map<String, String> defaults;

    /** @param command the name shown in the usage, e.g. {@code ./pvstream bench ops} */
    public CommandLineOptions(String command, Map<String, String> defaults) {
        this.defaults = new TreeMap<>(defaults); // the usage lists the options in name order
        CommandSpec spec = CommandSpec.create().name(command);
        spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).description("Print this text and exit.")
                .build());
        this.defaults.forEach((name, value) -> spec.addOption(OptionSpec.builder("--" + name)
                .type(String.class).paramLabel("<" + name + ">").defaultValue(value)
                .description("default: " + value).build()));
        commandLine = new CommandLine(spec);
        commandLine.setExpandAtFiles(false);            // an argument starting with @ is a value, not a file to read
        commandLine.setOverwrittenOptionsAllowed(true); // the last of a repeated option wins, as before picocli
    }

    /**
     * For a main: the options; on {@code --help} the usage on stdout and exit 0, on a bad command line the error and
     * the usage on stderr and exit 2 (a stack trace would bury the list of options).
     */
    public static Map<String, String> parseOrExit(String command, Map<String, String> defaults, String... args) {
        Optional<Map<String, String>> options;
        try {
            options = new CommandLineOptions(command, defaults).parse(System.out, args);
        } catch (IllegalArgumentException e) {
            System.err.print(e.getMessage());
            System.exit(2);
            return Map.of();
        }
        if (options.isEmpty()) {
            System.exit(0);
        }
        return options.get();
    }

    /** The value of every option (given or default); empty after printing the usage to {@code helpOut}. */
    public Optional<Map<String, String>> parse(PrintStream helpOut, String... args) {
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + System.lineSeparator() + usage(), e);
        }
        if (parsed.isUsageHelpRequested()) {
            helpOut.print(usage());
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        defaults.forEach((name, value) -> values.put(name, parsed.matchedOptionValue("--" + name, value)));
        return Optional.of(values);
    }

    public String usage() {
        return commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }
}
