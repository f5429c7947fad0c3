package io.pvstream.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConnectWorkerPropertiesTest {

    @Test
    void listensOnLoopbackOnlyWithTheGivenPluginPath() {
        Map<String, String> props = ConnectWorkerProperties.of("127.0.0.1:9092", Path.of("/plugins"), Map.of());

        assertThat(props)
                .containsEntry("listeners", "http://127.0.0.1:0")
                .containsEntry("rest.advertised.host.name", "127.0.0.1")
                .containsEntry("plugin.path", "/plugins")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
    }

    @Test
    void internalTopicsFollowTheGroupId() {
        Map<String, String> props = ConnectWorkerProperties.of("b:1", Path.of("/p"), Map.of("group.id", "test-42"));

        assertThat(props)
                .containsEntry("group.id", "test-42")
                .containsEntry("config.storage.topic", "test-42.configs")
                .containsEntry("offset.storage.topic", "test-42.offsets")
                .containsEntry("status.storage.topic", "test-42.status");
    }

    @Test
    void extraPropertiesWin() {
        Map<String, String> props = ConnectWorkerProperties.of("b:1", Path.of("/p"),
                Map.of("plugin.discovery", "hybrid_warn", "offset.storage.topic", "shared.offsets"));

        assertThat(props)
                .containsEntry("plugin.discovery", "hybrid_warn")
                .containsEntry("offset.storage.topic", "shared.offsets")
                .containsEntry("group.id", ConnectWorkerProperties.DEFAULT_GROUP_ID);
    }

    @Test
    void kafkaClientSecurityReachesTheWorkerAndTheConnectorsClients() {
        Map<String, String> props = ConnectWorkerProperties.kafkaPassThrough(Map.of(
                "bootstrap.servers", "broker:9093", "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(props).doesNotContainKey("bootstrap.servers")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("producer.security.protocol", "SASL_SSL")
                .containsEntry("consumer.security.protocol", "SASL_SSL")
                .containsEntry("admin.security.protocol", "SASL_SSL")
                .containsEntry("consumer.sasl.mechanism", "SCRAM-SHA-512")
                .hasSize(8);
    }
}
