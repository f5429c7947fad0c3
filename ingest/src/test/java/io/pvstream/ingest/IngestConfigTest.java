package io.pvstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.pvstream.ingest.kafka.KafkaClientSettings;
import io.pvstream.schemas.config.ConfigLoader;

class IngestConfigTest {

    @Test
    void producerBatchesAreLargeUnlessTheKafkaPassThroughSaysOtherwise() {
        Map<String, Object> props = KafkaClientSettings.producerProps(IngestConfig.load(Map.of(), Map.of()));
        assertThat(props.get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo(256 * 1024);
        Map<String, Object> tuned = KafkaClientSettings.producerProps(
                IngestConfig.load(Map.of(), Map.of("kafka.batch.size", "65536")));
        assertThat(tuned.get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo("65536");
    }

    @Test
    void defaultsAreLoopbackAndSafeForWaveforms() {
        IngestConfig config = IngestConfig.load(Map.of(), Map.of());
        assertThat(config.getString(IngestConfig.CA_ADDR_LIST)).isEqualTo("127.0.0.1");
        assertThat(config.getBoolean(IngestConfig.CA_AUTO_ADDR_LIST)).isFalse();
        assertThat(config.getInt(IngestConfig.CA_MAX_ARRAY_BYTES)).isEqualTo(4 * 1024 * 1024);
        assertThat(config.getDouble(IngestConfig.CA_MAX_SEARCH_INTERVAL)).isEqualTo(2.0);
        assertThat(config.getBoolean(IngestConfig.CA_REPEATER_DISABLED)).isTrue();
        assertThat(config.getInt(IngestConfig.BUFFER_CAPACITY)).isEqualTo(200_000);
        assertThat(config.getLong(IngestConfig.HEARTBEAT_INTERVAL_MS)).isEqualTo(5000L);
        assertThat(config.getInt(IngestConfig.CONNECT_BATCH_SIZE)).isEqualTo(5000);
        assertThat(config.getLong(IngestConfig.CONNECT_BATCH_DELAY_MS)).isEqualTo(1000L);
        assertThat(config.getString(IngestConfig.CONSUMER_GROUP)).isEqualTo("pvstream-ingest");
        assertThat(config.getString("bootstrap.servers")).isEqualTo("127.0.0.1:9092");
        assertThat(config.getInt(IngestConfig.METRICS_PORT)).as("no metrics endpoint unless asked").isZero();
        assertThat(config.getString(IngestConfig.METRICS_HOST)).isEqualTo("127.0.0.1");
    }

    @Test
    void aCrashedInstanceLeavesTheGroupWithinSecondsNotKafkasDefault45() {
        Map<String, Object> props = io.pvstream.ingest.kafka.KafkaClientSettings.consumerProps(
                IngestConfig.load(Map.of(), Map.of()));
        assertThat(props.get("session.timeout.ms")).isEqualTo(10_000);
        assertThat(props.get("heartbeat.interval.ms")).isEqualTo(2_500);
        assertThat(props.get("partition.assignment.strategy")).asString().contains("CooperativeStickyAssignor");
    }

    @Test
    void generatedInstanceIdIsHostPidRandomAndStablePerConfig() {
        IngestConfig config = IngestConfig.load(Map.of(), Map.of());
        String pid = Long.toString(ProcessHandle.current().pid());
        assertThat(config.instanceId()).contains("-" + pid + "-").isEqualTo(config.instanceId());
        assertThat(IngestConfig.load(Map.of(), Map.of()).instanceId()).isNotEqualTo(config.instanceId());
    }

    @Test
    void envOverridesDefaultsAndOverridesWinOverEnv() {
        Map<String, String> env = Map.of(
                "PVSTREAM_CA_ADDR_LIST", "127.0.0.1:5099",
                "PVSTREAM_INGEST_BUFFER_CAPACITY", "42",
                "PVSTREAM_INGEST_INSTANCE_ID", "from-env",
                "PVSTREAM_CA_MAX_SEARCH_INTERVAL", "0.5");
        IngestConfig config = IngestConfig.load(env, Map.of(IngestConfig.INSTANCE_ID, "from-override"));
        assertThat(config.getString(IngestConfig.CA_ADDR_LIST)).isEqualTo("127.0.0.1:5099");
        assertThat(config.getInt(IngestConfig.BUFFER_CAPACITY)).isEqualTo(42);
        assertThat(config.getDouble(IngestConfig.CA_MAX_SEARCH_INTERVAL)).isEqualTo(0.5);
        assertThat(config.instanceId()).isEqualTo("from-override");
    }

    @Test
    void everyKeyHasADocAndAnEnvNameWithoutUnderscoresInTheKey() {
        IngestConfig.DEFINITION.configKeys().values().forEach(key -> {
            assertThat(key.name).doesNotContain("_");
            assertThat(key.documentation).as("doc of %s", key.name).isNotBlank();
            assertThat(key.hasDefault()).as("default of %s", key.name).isTrue();
        });
        assertThat(ConfigLoader.envName(IngestConfig.CONNECT_BATCH_DELAY_MS))
                .isEqualTo("PVSTREAM_INGEST_CONNECT_BATCH_DELAY_MS");
    }

    @Test
    void invalidValuesAreRejected() {
        assertThatThrownBy(() -> IngestConfig.load(Map.of("PVSTREAM_INGEST_BUFFER_CAPACITY", "0"), Map.of()))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> IngestConfig.load(Map.of(), Map.of(IngestConfig.PRODUCER_COMPRESSION, "brotli")))
                .isInstanceOf(ConfigException.class);
    }
}
