package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DevConfigTest {

    @Test
    void optionsMapToKeysAndBeatEnvironment() {
        DevConfig config = DevConfig.load(Map.of("PVSTREAM_SIM_PVS", "50", "PVSTREAM_HTTP_PORT", "9000"),
                List.of("--sim-pvs", "200", "--no-sim", "--data-dir=/tmp/x"));
        assertThat(config.getInt(DevConfig.SIM_PVS)).isEqualTo(200);
        assertThat(config.getBoolean(DevConfig.SIM_ENABLED)).isFalse();
        assertThat(config.getInt(DevConfig.HTTP_PORT)).isEqualTo(9000);
        assertThat(config.dataDir().toString()).isEqualTo("/tmp/x");
    }

    @Test
    void defaultsMatchTheReadme() {
        DevConfig config = DevConfig.load(Map.of(), List.of());
        assertThat(config.getInt(DevConfig.SIM_PVS)).isEqualTo(1000);
        assertThat(config.getInt(DevConfig.HTTP_PORT)).isEqualTo(8080);
        assertThat(config.getBoolean(DevConfig.SIM_ENABLED)).isTrue();
    }

    @Test
    void serviceKeysAreAcceptedAndTyposAreNot() {
        assertThat(DevConfig.load(Map.of(), List.of("--ingest-heartbeat-interval-ms", "500")).originals())
                .containsEntry("ingest.heartbeat.interval.ms", "500");
        assertThatThrownBy(() -> DevConfig.load(Map.of(), List.of("--sim-pv", "5")))
                .hasMessageContaining("unknown option --sim-pv");
        assertThatThrownBy(() -> DevConfig.load(Map.of(), List.of("--http-port")))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DevConfig.load(Map.of(), List.of("--http-port", "http")))
                .hasMessageContaining("http.port");
    }

    @Test
    void helpListsTheLaunchersOptionsWithEnvVarsAndDefaults() {
        assertThat(DevConfig.wantsHelp(List.of("--sim-pvs", "5", "--help"))).isTrue();
        assertThat(DevConfig.wantsHelp(List.of("--sim-pvs", "5"))).isFalse();

        assertThat(DevConfig.usage()).contains("--no-sim", "--no-ops",
                "--background-niceness int (PVSTREAM_BACKGROUND_NICENESS, default 10)",
                "--sim-pvs int (PVSTREAM_SIM_PVS, default 1000)", "docs/configuration.md");
    }
}
