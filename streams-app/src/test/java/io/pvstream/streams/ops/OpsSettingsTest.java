package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pvstream.streams.StreamsAppConfig;

class OpsSettingsTest {

    @Test
    void defaults() {
        assertThat(OpsSettings.from(StreamsAppConfig.load(Map.of(), Map.of())))
                .isEqualTo(new OpsSettings(6, false, Duration.ofMillis(100), Duration.ofSeconds(60)));
    }

    @Test
    void fromTheEnvironment() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(
                "PVSTREAM_OPS_REPLICA_ENABLED", "true",
                "PVSTREAM_OPS_CONFIRM_CHECK_INTERVAL_MS", "250",
                "PVSTREAM_OPS_CONFIRM_TIMEOUT_MS", "5000",
                "PVSTREAM_TOPIC_PARTITIONS", "12"), Map.of());

        assertThat(OpsSettings.from(config))
                .isEqualTo(new OpsSettings(12, true, Duration.ofMillis(250), Duration.ofSeconds(5)));
    }
}
