package io.pvstream.streams.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/** How the restore part sits in the whole app: one sub-topology per job, read_committed, settings from config. */
class RestoreWiringTest {

    private final StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of());

    @Test
    void bothSourcesFeedOneSubTopologyWithoutRepartitioning() {
        TopologyDescription description = PvTopology.buildTopology(config).describe();

        TopologyDescription.Subtopology restore = description.subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(node -> node.name().equals("restore-job-processor")))
                .findFirst().orElseThrow();
        Set<String> sources = restore.nodes().stream()
                .filter(node -> node instanceof TopologyDescription.Source)
                .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
                .collect(Collectors.toSet());
        assertThat(sources).containsExactlyInAnyOrder(Topics.RESTORE_JOBS, Topics.PV_WRITE_RESULTS);
        assertThat(restore.nodes()).filteredOn(node -> node instanceof TopologyDescription.Sink)
                .extracting(node -> ((TopologyDescription.Sink) node).topic())
                .containsExactly(Topics.RESTORE_JOB_PROGRESS);
    }

    @Test
    void theMainConsumerReadsOnlyCommittedRecords() {
        StreamsConfig streams = new StreamsConfig(config.streamsProperties("127.0.0.1:8080"));

        Map<String, Object> consumer = streams.getMainConsumerConfigs("pvstream", "client", 0);

        assertThat(consumer.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
    }

    @Test
    void settingsComeFromTheConfig() {
        RestoreSettings settings = RestoreSettings.from(StreamsAppConfig.load(Map.of(), Map.of(
                StreamsAppConfig.RESTORE_CHECK_INTERVAL_MS, "250", StreamsAppConfig.RESTORE_JOB_RETENTION_MS, "60000")));

        assertThat(settings.checkInterval().toMillis()).isEqualTo(250);
        assertThat(settings.retention().toMillis()).isEqualTo(60_000);
        assertThat(RestoreSettings.from(config).checkInterval().toMillis()).as("default").isEqualTo(1000);
    }
}
