package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import io.pvstream.streams.StreamsAppConfig;

class QueryApiConfigTest {

    @Test
    void defaults() {
        QueryApiConfig config = QueryApiConfig.load(Map.of(), Map.of());

        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.forwardTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.kafkaProbeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.missedHeartbeats()).isEqualTo(3);
    }

    @Test
    void streamsKeysReachTheEmbeddedStreamsConfig() {
        QueryApiConfig config = QueryApiConfig.load(Map.of("PVSTREAM_STREAMS_APPLICATION_ID", "site-a"),
                Map.of("bootstrap.servers", "127.0.0.1:19092", "http.port", 0));

        StreamsAppConfig streams = config.streamsConfig();

        assertThat(config.httpPort()).isZero();
        assertThat(streams.streamsProperties("127.0.0.1:1234"))
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "site-a")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
    }

    @Test
    void bindingAllInterfacesNeedsAnAdvertisedHost() {
        assertThatThrownBy(() -> QueryApiConfig.load(Map.of(), Map.of("http.host", "0.0.0.0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.advertised.host");

        QueryApiConfig config = QueryApiConfig.load(Map.of(),
                Map.of("http.host", "0.0.0.0", "http.advertised.host", "api-1.example"));
        assertThat(config.advertisedHost()).isEqualTo("api-1.example");
    }

    @Test
    void keysFollowTheProjectConvention() {
        assertThat(QueryApiConfig.DEFINITION.names()).allMatch(key -> !key.contains("_"))
                .contains("http.host", "http.port", "http.forward.timeout.ms", "ingest.heartbeat.missed",
                        "streams.application.id", "streams.state.dir", "bootstrap.servers");
    }

    @Test
    void mainTakesKeyValueArguments() {
        assertThat(QueryApiMain.overrides(new String[] {"http.port=9000", "kafka.client.id=a=b"}))
                .containsEntry("http.port", "9000")
                .containsEntry("kafka.client.id", "a=b");
        assertThatThrownBy(() -> QueryApiMain.overrides(new String[] {"--help"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
