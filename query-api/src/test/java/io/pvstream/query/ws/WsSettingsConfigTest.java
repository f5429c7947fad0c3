package io.pvstream.query.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.pvstream.query.QueryApiConfig;

class WsSettingsConfigTest {

    @Test
    void defaults() {
        WsSettings settings = QueryApiConfig.load(Map.of(), Map.of()).wsSettings();

        assertThat(settings).isEqualTo(new WsSettings(Duration.ofMillis(100), Duration.ofSeconds(5), 10_000, 256 * 1024,
                10_000, Duration.ofSeconds(10), 10));
    }

    @Test
    void environmentOverridesAndBadValuesAreRejected() {
        WsSettings settings = QueryApiConfig.load(Map.of("PVSTREAM_WS_BATCH_WINDOW_MS", "250"),
                Map.of(QueryApiConfig.WS_SLOW_CLIENT_GRACE_MS, "2000")).wsSettings();

        assertThat(settings.batchWindow()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.slowClientGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> QueryApiConfig.load(Map.of(), Map.of(QueryApiConfig.WS_BATCH_WINDOW_MS, "0")))
                .isInstanceOf(ConfigException.class);
    }
}
