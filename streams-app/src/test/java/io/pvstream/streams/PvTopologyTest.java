package io.pvstream.streams;

import static io.pvstream.streams.TestRecords.connection;
import static io.pvstream.streams.TestRecords.heartbeat;
import static io.pvstream.streams.TestRecords.meta;
import static io.pvstream.streams.TestRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.serde.Serdes;

class PvTopologyTest {

    @TempDir
    Path stateDir;

    private Topology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<String, PvValue> values;
    private TestInputTopic<String, PvMeta> metas;
    private TestInputTopic<String, PvConnection> connections;
    private TestInputTopic<String, IngestHeartbeat> heartbeats;
    private KeyValueStore<String, PvState> latest;

    @BeforeEach
    void setUp() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(),
                Map.of(StreamsAppConfig.STATE_DIR, stateDir.toString()));
        topology = PvTopology.buildTopology(config);
        driver = new TopologyTestDriver(topology, config.streamsProperties("127.0.0.1:8080"));
        StringSerializer names = new StringSerializer();
        values = driver.createInputTopic(Topics.PV_VALUES, names, Serdes.PV_VALUE.serializer());
        metas = driver.createInputTopic(Topics.PV_META, names, Serdes.PV_META.serializer());
        connections = driver.createInputTopic(Topics.PV_CONNECTIONS, names, Serdes.PV_CONNECTION.serializer());
        heartbeats = driver.createInputTopic(Topics.INGEST_HEARTBEATS, names, Serdes.INGEST_HEARTBEAT.serializer());
        latest = driver.getKeyValueStore(Topics.Stores.PV_LATEST);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void valueMetaAndConnectionMergeIntoOneState() {
        values.pipeInput("SIM:A", value("SIM:A", 1.25));
        metas.pipeInput("SIM:A", meta("SIM:A", "mA"));
        connections.pipeInput("SIM:A", connection("SIM:A", true));

        PvState state = latest.get("SIM:A");
        assertThat(state.getName()).isEqualTo("SIM:A");
        assertThat(state.getValue().getValue()).isEqualTo(1.25);
        assertThat(state.getMeta().getUnits()).isEqualTo("mA");
        assertThat(state.getConnection().getConnected()).isTrue();
    }

    @Test
    void arrivalOrderDoesNotMatter() {
        values.pipeInput("SIM:A", value("SIM:A", 1.25));
        metas.pipeInput("SIM:A", meta("SIM:A", "mA"));
        connections.pipeInput("SIM:A", connection("SIM:A", true));

        connections.pipeInput("SIM:B", connection("SIM:B", true));
        metas.pipeInput("SIM:B", meta("SIM:B", "mA"));
        values.pipeInput("SIM:B", value("SIM:B", 1.25));

        PvState a = latest.get("SIM:A");
        PvState b = latest.get("SIM:B");
        assertThat(b).isEqualTo(new PvState("SIM:B", value("SIM:B", 1.25), meta("SIM:B", "mA"),
                connection("SIM:B", true), b.getValueReceivedNs(), null, null));
        assertThat(a.getValue()).isEqualTo(value("SIM:A", 1.25));
    }

    @Test
    void laterRecordOfATopicReplacesItsPart() {
        values.pipeInput("SIM:A", value("SIM:A", 1.0));
        values.pipeInput("SIM:A", value("SIM:A", 2.0));

        assertThat(latest.get("SIM:A").getValue().getValue()).isEqualTo(2.0);
    }

    @Test
    void disconnectKeepsTheLastValue() {
        values.pipeInput("SIM:A", value("SIM:A", 7.0));
        connections.pipeInput("SIM:A", connection("SIM:A", true));
        connections.pipeInput("SIM:A", connection("SIM:A", false));

        PvState state = latest.get("SIM:A");
        assertThat(state.getConnection().getConnected()).isFalse();
        assertThat(state.getValue().getValue()).isEqualTo(7.0);
    }

    @Test
    void tombstoneClearsThatPartAndTheLastOneForgetsThePv() {
        values.pipeInput("SIM:A", value("SIM:A", 7.0));
        metas.pipeInput("SIM:A", meta("SIM:A", "V"));

        metas.pipeInput("SIM:A", (PvMeta) null);
        assertThat(latest.get("SIM:A").getMeta()).isNull();
        assertThat(latest.get("SIM:A").getValue().getValue()).isEqualTo(7.0);

        values.pipeInput("SIM:A", (PvValue) null);
        assertThat(latest.get("SIM:A")).isNull();
    }

    @Test
    void tombstoneOfAnUnknownPvIsHarmless() {
        connections.pipeInput("SIM:NEVER", (PvConnection) null);

        assertThat(latest.get("SIM:NEVER")).isNull();
    }

    @Test
    void recordWithoutKeyIsDropped() {
        values.pipeInput(null, value("SIM:A", 1.0));

        try (var all = latest.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    @Test
    void heartbeatsFillTheGlobalStore() {
        heartbeats.pipeInput("ingest-1", heartbeat("ingest-1", 1L));
        heartbeats.pipeInput("ingest-2", heartbeat("ingest-2", 2L));
        heartbeats.pipeInput("ingest-1", heartbeat("ingest-1", 3L));

        KeyValueStore<String, IngestHeartbeat> store = driver.getKeyValueStore(Topics.Stores.INGEST_HEARTBEATS);
        assertThat(store.get("ingest-1").getTimestampNs()).isEqualTo(3L);
        assertThat(store.get("ingest-2").getTimestampNs()).isEqualTo(2L);
        try (var all = store.all()) {
            assertThat(all).toIterable().extracting(entry -> entry.key).containsExactly("ingest-1", "ingest-2");
        }
    }

    @Test
    void pvTopicsFormOneSubTopologyWithoutRepartitioning() {
        TopologyDescription description = topology.describe();

        // The operations part (streams.ops) forms sub-topologies of its own; OpsTopologyDescriptionTest checks them.
        TopologyDescription.Subtopology pvPart = description.subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(node -> node.name().equals("pv-values-source")))
                .findFirst().orElseThrow();
        assertThat(pvPart.nodes().stream().flatMap(PvTopologyTest::topicsOf))
                .containsExactlyInAnyOrder(Topics.PV_VALUES, Topics.PV_META, Topics.PV_CONNECTIONS, Topics.PV_CONFIG,
                        Topics.PV_DIFFS, Topics.PV_ARCHIVE); // pv.diffs only as a sink: the archive is fed in the task
        assertThat(pvPart.toString()).doesNotContain("repartition");
        assertThat(description.globalStores()).singleElement()
                .satisfies(global -> assertThat(global.source().topicSet()).containsExactly(Topics.INGEST_HEARTBEATS));
    }

    @Test
    void storeAndNodeNamesAreStable() {
        String description = topology.describe().toString();

        assertThat(description).contains("pv-latest-processor", "stores: [" + Topics.Stores.PV_LATEST + "]",
                "pv-values-source", "pv-meta-source", "pv-connections-source", Topics.Stores.INGEST_HEARTBEATS);
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
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
