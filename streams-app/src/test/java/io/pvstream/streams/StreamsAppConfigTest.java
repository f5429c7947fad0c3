package io.pvstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

    @Test
    void defaults() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of());

        Properties props = config.streamsProperties("127.0.0.1:8080");

        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "pvstream")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:8080")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000L)
                .containsEntry("main.consumer.fetch.max.wait.ms", 20)
                .containsEntry(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024)
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1)
                .containsEntry("main.consumer.group.instance.id", "pvstream-127.0.0.1_8080");
        assertThat(new StreamsConfig(props).getString(StreamsConfig.APPLICATION_SERVER_CONFIG))
                .isEqualTo("127.0.0.1:8080");
    }

    @Test
    void replicationAndMinInSyncReplicasReachTheInternalTopics() {
        Properties unset = StreamsAppConfig.load(Map.of(), Map.of()).streamsProperties("h:1");
        Properties set = StreamsAppConfig.load(Map.of("PVSTREAM_TOPIC_REPLICATION", "3",
                "PVSTREAM_TOPIC_MIN_INSYNC_REPLICAS", "2"), Map.of()).streamsProperties("h:1");

        assertThat(unset).doesNotContainKey("topic.min.insync.replicas"); // the broker's default applies
        assertThat(set)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry("topic.min.insync.replicas", 2);
    }

    @Test
    void defaultStateDirIsPerInstanceUnderTmp() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of());

        Path first = config.stateDir("127.0.0.1:8080");
        Path second = config.stateDir("127.0.0.1:8081");

        assertThat(first.startsWith(Path.of(System.getProperty("java.io.tmpdir")))).isTrue();
        assertThat(first).isNotEqualTo(second);
        assertThat(first.getFileName().toString()).isEqualTo("127.0.0.1_8080");
    }

    @Test
    void envAndKafkaPassThroughReachStreams() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(
                "PVSTREAM_STREAMS_APPLICATION_ID", "beamline-7",
                "PVSTREAM_STREAMS_STATE_DIR", "/var/lib/pvstream",
                "PVSTREAM_KAFKA_SECURITY_PROTOCOL", "SSL"), Map.of(StreamsAppConfig.THREADS, "2"));

        Properties props = config.streamsProperties("h:1");

        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "beamline-7")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/pvstream")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
                .containsEntry("security.protocol", "SSL");
    }
}
