package io.pvstream.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/** The shape of the whole streams-app topology as far as the operations part is concerned. */
class OpsTopologyDescriptionTest {

    private static TopologyDescription describe(boolean replicaEnabled) {
        return PvTopology.buildTopology(StreamsAppConfig.load(Map.of(),
                Map.of(StreamsAppConfig.OPS_REPLICA_ENABLED, Boolean.toString(replicaEnabled)))).describe();
    }

    @Test
    void theOnlyRepartitionTopicIsTheCdcOne() {
        Set<String> repartition = describe(false).subtopologies().stream()
                .flatMap(sub -> sub.nodes().stream()).flatMap(OpsTopologyDescriptionTest::topicsOf)
                .filter(topic -> topic.contains("repartition")).collect(Collectors.toSet());

        assertThat(repartition).containsExactly(OpsTopology.CDC_REPARTITION + "-repartition");
    }

    @Test
    void pendingProcessorReadsOpsTxAndTheRepartitionedCdcTogether() {
        TopologyDescription.Subtopology pendingPart = describe(false).subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(node -> node.name().equals("ops-pending-processor")))
                .findFirst().orElseThrow();

        assertThat(pendingPart.nodes().stream().filter(TopologyDescription.Source.class::isInstance)
                .flatMap(OpsTopologyDescriptionTest::topicsOf))
                .containsExactlyInAnyOrder(Topics.OPS_TX, OpsTopology.CDC_REPARTITION + "-repartition");
        assertThat(pendingPart.nodes().stream().filter(TopologyDescription.Sink.class::isInstance)
                .flatMap(OpsTopologyDescriptionTest::topicsOf))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                        io.pvstream.schemas.ops.OpsTables.ALL.stream().map(table -> Topics.opsApplyTopic(table.name())),
                        java.util.stream.Stream.of(Topics.OPS_TX_CONFIRMED)).toList());
        assertThat(pendingPart.toString())
                .contains("stores: [" + Topics.Stores.OPS_PENDING + ", " + Topics.Stores.OPS_PENDING_ROWS + "]");
    }

    @Test
    void cdcTopicsAreReadByTheRekeyingPart() {
        TopologyDescription.Subtopology cdcPart = describe(false).subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(node -> node.name().equals("ops-cdc-source")))
                .findFirst().orElseThrow();

        assertThat(cdcPart.nodes().stream().flatMap(OpsTopologyDescriptionTest::topicsOf))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                        io.pvstream.schemas.ops.OpsTables.ALL.stream().map(table -> Topics.opsCdcTopic(table.name())),
                        java.util.stream.Stream.of(OpsTopology.CDC_REPARTITION + "-repartition")).toList());
    }

    @Test
    void replicaStoreExistsOnlyWhenEnabled() {
        assertThat(describe(false).globalStores()).noneMatch(global -> global.source().topicSet()
                .contains(Topics.OPS_REPLICA_LSN));
        assertThat(describe(true).globalStores()).anySatisfy(global -> {
            assertThat(global.source().topicSet()).containsExactly(Topics.OPS_REPLICA_LSN);
            assertThat(global.toString()).contains(Topics.Stores.OPS_REPLICA_LSN);
        });
    }

    @Test
    void everyOpsNodeIsNamed() {
        String description = describe(true).toString();

        assertThat(description).contains("ops-tx-source", "ops-cdc-source", "ops-pending-processor",
                "ops-apply-configuration-sink", "ops-tx-confirmed-sink", "ops-replica-lsn-source");
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
    }

    /** The guard against a mis-sized ops.tx computes what the producer's default partitioner computes. */
    @Test
    void cdcPartitionIsTheProducersPartitionOfTheEntityId() {
        StringSerializer serializer = new StringSerializer();
        for (String entity : new String[] {"c-1", "0f8e4c2a-1b7d-4e55-9a0e-3c4d5e6f7a8b", "Ünïcode"}) {
            for (int partitions : new int[] {1, 6, 7}) {
                assertThat(OpsPendingProcessor.cdcPartitionOf(entity, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(serializer.serialize("t", entity), partitions));
            }
        }
    }

    private static Stream<String> topicsOf(TopologyDescription.Node node) {
        if (node instanceof TopologyDescription.Source source) {
            return source.topicSet().stream();
        }
        if (node instanceof TopologyDescription.Sink sink) {
            return Stream.of(sink.topic());
        }
        return Stream.empty();
    }
}
