package io.pvstream.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CommandLineOptionsTest {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>(Map.of("rate", "50", "seconds", "30"));

    private final ByteArrayOutputStream help = new ByteArrayOutputStream();

    private Optional<Map<String, String>> parse(String... args) {
        return new CommandLineOptions("bench ops", DEFAULTS)
                .parse(new PrintStream(help, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void optionsNotGivenKeepTheirDefaults() {
        assertThat(parse()).contains(Map.of("rate", "50", "seconds", "30"));
    }

    @Test
    void bothFormsAreAcceptedAndTheLastRepeatWins() {
        assertThat(parse("--rate", "7", "--seconds=5")).contains(Map.of("rate", "7", "seconds", "5"));
        assertThat(parse("--rate", "7", "--rate", "8")).contains(Map.of("rate", "8", "seconds", "30"));
        assertThat(parse("--rate", "@file")).contains(Map.of("rate", "@file", "seconds", "30"));
    }

    @Test
    void unknownOptionIsNamedAndTheUsageListsTheOptions() {
        assertThatThrownBy(() -> parse("--rates", "7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rates")
                .hasMessageContaining("--rate=<rate>")
                .hasMessageContaining("--seconds=<seconds>")
                .hasMessageContaining("default: 30");
    }

    @Test
    void missingValueAndStrayArgumentAreNamed() {
        assertThatThrownBy(() -> parse("--seconds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing required parameter for option '--seconds'");
        assertThatThrownBy(() -> parse("--rate", "7", "extra"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'extra'");
    }

    @Test
    void helpPrintsTheUsageInsteadOfOptions() {
        assertThat(parse("--help")).isEmpty();
        assertThat(help.toString(StandardCharsets.UTF_8)).startsWith("Usage: bench ops").contains("--seconds=<seconds>");
    }
}
