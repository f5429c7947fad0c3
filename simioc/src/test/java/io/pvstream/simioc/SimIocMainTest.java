package io.pvstream.simioc;

import gov.aps.jca.dbr.DBRType;
import gov.aps.jca.dbr.DBR_TIME_Double;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimIocMainTest {

    private static final Pattern READY = Pattern.compile("SIMIOC READY port=(\\d+) pvs=(\\d+)");

    @Test
    void parsesEveryOption() {
        SimIocConfig config = SimIocMain.parse(new String[] {
            "--pvs", "40000", "--rate", "2.5", "--port", "5064", "--prefix", "BENCH:", "--setpoints", "3",
            "--waveform-length", "16"}).config();

        assertThat(config.pvCount()).isEqualTo(40_000);
        assertThat(config.updateRateHz()).isEqualTo(2.5);
        assertThat(config.port()).isEqualTo(5064);
        assertThat(config.prefix()).isEqualTo("BENCH:");
        assertThat(config.setpointCount()).isEqualTo(3);
        assertThat(config.waveformLength()).isEqualTo(16);
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndBadNumbers() {
        assertThatThrownBy(() -> SimIocMain.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> SimIocMain.parse(new String[] {"--pvs"}))
                .hasMessageContaining("missing value for --pvs");
        assertThatThrownBy(() -> SimIocMain.parse(new String[] {"--rate", "fast"}))
                .hasMessageContaining("not a number for --rate");
        assertThatThrownBy(() -> SimIocMain.parse(new String[] {"--pvs", "-1"}))
                .hasMessageContaining("pvCount");
    }

    @Test
    void separateProcessAnnouncesReadinessServesAndStopsOnSigterm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-DCA_DISABLE_REPEATER=true", SimIocMain.class.getName(), "--pvs", "5", "--rate", "0")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String readyLine = CompletableFuture.supplyAsync(() -> firstMatchingLine(out))
                    .get(30, TimeUnit.SECONDS);
            Matcher ready = READY.matcher(readyLine);
            assertThat(ready.find()).as(readyLine).isTrue();
            assertThat(ready.group(2)).isEqualTo("5");

            try (CaTestClient client = new CaTestClient("127.0.0.1:" + ready.group(1))) {
                DBR_TIME_Double dbr = (DBR_TIME_Double) client.get(client.connect("SIM:RO"), DBRType.TIME_DOUBLE);
                assertThat(dbr.getDoubleValue()[0]).isEqualTo(42.0);
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(Duration.ofSeconds(15).toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM's normal exit on TERM
        } finally {
            process.destroyForcibly();
        }
    }

    private static String firstMatchingLine(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (READY.matcher(line).find()) {
                    return line;
                }
            }
            return "<process ended without a READY line>";
        } catch (java.io.IOException e) {
            return "<" + e + ">";
        }
    }
}
