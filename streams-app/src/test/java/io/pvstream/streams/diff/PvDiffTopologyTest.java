package io.pvstream.streams.diff;

import static io.pvstream.streams.diff.DiffTestRecords.T0_NS;
import static io.pvstream.streams.diff.DiffTestRecords.alarmed;
import static io.pvstream.streams.diff.DiffTestRecords.config;
import static io.pvstream.streams.diff.DiffTestRecords.connection;
import static io.pvstream.streams.diff.DiffTestRecords.doubles;
import static io.pvstream.streams.diff.DiffTestRecords.enumValue;
import static io.pvstream.streams.diff.DiffTestRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.DbrType;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/** pv.diffs from the whole topology: every change rule, end to end through the real processor and stores. */
class PvDiffTopologyTest {

    private static final String PV = "SIM:A";
    private static final long SECOND_NS = 1_000_000_000L;

    @TempDir
    Path stateDir;

    private Topology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<String, PvValue> values;
    private TestInputTopic<String, PvMeta> metas;
    private TestInputTopic<String, PvConnection> connections;
    private TestInputTopic<String, PvConfig> configs;
    private TestOutputTopic<String, PvDiff> diffs;
    private long clock = T0_NS;

    @BeforeEach
    void setUp() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of(StreamsAppConfig.STATE_DIR, stateDir.toString()));
        topology = PvTopology.buildTopology(config);
        driver = new TopologyTestDriver(topology, config.streamsProperties("127.0.0.1:8080"));
        StringSerializer names = new StringSerializer();
        values = driver.createInputTopic(Topics.PV_VALUES, names, Serdes.PV_VALUE.serializer());
        metas = driver.createInputTopic(Topics.PV_META, names, Serdes.PV_META.serializer());
        connections = driver.createInputTopic(Topics.PV_CONNECTIONS, names, Serdes.PV_CONNECTION.serializer());
        configs = driver.createInputTopic(Topics.PV_CONFIG, names, Serdes.PV_CONFIG.serializer());
        diffs = driver.createOutputTopic(Topics.PV_DIFFS, new StringDeserializer(), DiffSerdes.PV_DIFF.deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    /** Each update one second after the last, as an IOC would stamp it. */
    private void send(Object raw) {
        clock += SECOND_NS;
        values.pipeInput(PV, value(PV, raw, clock));
    }

    private List<PvDiff> emitted() {
        return diffs.readValuesToList();
    }

    @Test
    void firstUpdateOfAPvIsAChangeWithoutPrevious() {
        send(1.0);

        PvDiff diff = diffs.readValue();
        assertThat(diff.getName()).isEqualTo(PV);
        assertThat(diff.getPrevious()).isNull();
        assertThat(diff.getCurrent().getValue().getValue()).isEqualTo(1.0);
        assertThat(diff.getChanges()).containsExactly(PvChange.FIRST);
        assertThat(diffs.isEmpty()).isTrue();
    }

    @Test
    void diffCarriesPreviousAndCurrentStateAndTheUpdatesRecordTime() {
        send(1.0);
        values.pipeInput(PV, value(PV, 2.0, clock + SECOND_NS), Instant.ofEpochMilli(1_234L));

        List<TestRecord<String, PvDiff>> records = diffs.readRecordsToList();
        TestRecord<String, PvDiff> change = records.get(1);
        assertThat(change.key()).isEqualTo(PV);
        assertThat(change.timestamp()).isEqualTo(1_234L);
        assertThat(change.value().getPrevious().getValue().getValue()).isEqualTo(1.0);
        assertThat(change.value().getCurrent().getValue().getValue()).isEqualTo(2.0);
        assertThat(change.value().getChanges()).containsExactly(PvChange.VALUE);
    }

    @Test
    void sameValueWithANewTimestampIsNoChange() {
        send(1.0);
        send(1.0);
        send(1.0);

        assertThat(emitted()).hasSize(1);
    }

    @Test
    void withoutDeadbandAnyChangeIsEmitted() {
        send(1.0);
        send(1.000001);

        assertThat(emitted()).extracting(PvDiff::getChanges).containsExactly(List.of(PvChange.FIRST), List.of(PvChange.VALUE));
    }

    @Test
    void changesWithinTheDeadbandAreNotEmittedAndChangesBeyondAre() {
        configs.pipeInput(PV, config(PV, 0.5));
        send(10.0);
        send(10.4);
        send(9.6);
        send(10.6);

        assertThat(emitted()).extracting(d -> d.getCurrent().getValue().getValue()).containsExactly(10.0, 10.6);
    }

    @Test
    void aSlowDriftBelowTheDeadbandAddsUpUntilItIsEmitted() {
        configs.pipeInput(PV, config(PV, 1.0));
        send(0.0);
        for (int i = 1; i <= 10; i++) {
            send(i * 0.25); // each step far below the deadband of 1.0; binary-exact values
        }

        List<PvDiff> emitted = emitted();
        // 1.0 is exactly the deadband away from 0.0: not beyond it
        assertThat(emitted).extracting(d -> d.getCurrent().getValue().getValue()).containsExactly(0.0, 1.25, 2.5);
        assertThat(emitted.get(2).getPrevious().getValue().getValue()).as("compared with the last emitted").isEqualTo(1.25);
    }

    @Test
    void aDeadbandChangeInPvConfigAppliesToTheNextUpdate() {
        configs.pipeInput(PV, config(PV, 5.0));
        send(0.0);
        send(3.0);
        configs.pipeInput(PV, config(PV, 1.0));
        send(3.5);
        configs.pipeInput(PV, (PvConfig) null); // tombstone: back to "any change"
        send(3.6);

        assertThat(emitted()).extracting(d -> d.getCurrent().getValue().getValue()).containsExactly(0.0, 3.5, 3.6);
    }

    @Test
    void nanToNanIsNoChangeButNumberToNanAndBackAre() {
        configs.pipeInput(PV, config(PV, 100.0));
        send(1.0);
        send(Double.NaN);
        send(Double.NaN);
        send(2.0);

        assertThat(emitted()).extracting(d -> d.getCurrent().getValue().getValue()).containsExactly(1.0, Double.NaN, 2.0);
    }

    @Test
    void arraysCompareElementWiseWithTheDeadbandPerElement() {
        configs.pipeInput(PV, config(PV, 0.5));
        send(doubles(1.0, 2.0, 3.0));
        send(doubles(1.4, 1.6, 3.0));
        send(doubles(1.0, 2.0, 3.6));
        send(doubles(1.0, 2.0));

        assertThat(emitted()).extracting(d -> d.getCurrent().getValue().getValue())
                .containsExactly(doubles(1.0, 2.0, 3.0), doubles(1.0, 2.0, 3.6), doubles(1.0, 2.0));
    }

    @Test
    void enumsCompareByIndex() {
        configs.pipeInput(PV, config(PV, 10.0));
        send(enumValue(0, "OFF"));
        send(enumValue(0, "Off"));
        send(enumValue(1, "ON"));

        assertThat(emitted()).extracting(d -> d.getCurrent().getValue().getValue())
                .containsExactly(enumValue(0, "OFF"), enumValue(1, "ON"));
    }

    @Test
    void stringsCompareByEquality() {
        send("idle");
        send("idle");
        send("busy");

        assertThat(emitted()).extracting(d -> d.getCurrent().getValue().getValue()).containsExactly("idle", "busy");
    }

    @Test
    void aSeverityChangeIsEmittedEvenWithinTheDeadband() {
        configs.pipeInput(PV, config(PV, 10.0));
        send(90.0);
        values.pipeInput(PV, alarmed(PV, 91.0, clock + SECOND_NS, Severity.MINOR, AlarmStatus.HIGH));

        PvDiff diff = emitted().get(1);
        assertThat(diff.getChanges()).containsExactlyInAnyOrder(PvChange.SEVERITY, PvChange.STATUS);
        assertThat(diff.getCurrent().getValue().getSeverity()).isEqualTo(Severity.MINOR);
        assertThat(diff.getPrevious().getValue().getSeverity()).isEqualTo(Severity.NO_ALARM);
    }

    @Test
    void aStatusChangeAloneIsEmitted() {
        values.pipeInput(PV, alarmed(PV, 96.0, T0_NS, Severity.MAJOR, AlarmStatus.HIHI));
        values.pipeInput(PV, alarmed(PV, 96.0, T0_NS + SECOND_NS, Severity.MAJOR, AlarmStatus.STATE));

        assertThat(emitted()).extracting(PvDiff::getChanges)
                .containsExactly(List.of(PvChange.FIRST), List.of(PvChange.STATUS));
    }

    @Test
    void connectionChangesAreEmittedWithTheLastValue() {
        send(7.0);
        connections.pipeInput(PV, connection(PV, true));
        connections.pipeInput(PV, connection(PV, true)); // same state again: nothing
        connections.pipeInput(PV, connection(PV, false));

        List<PvDiff> emitted = emitted();
        assertThat(emitted).extracting(PvDiff::getChanges).containsExactly(
                List.of(PvChange.FIRST), List.of(PvChange.CONNECTION), List.of(PvChange.CONNECTION));
        PvDiff disconnect = emitted.get(2);
        assertThat(disconnect.getCurrent().getConnection().getConnected()).isFalse();
        assertThat(disconnect.getCurrent().getValue().getValue()).isEqualTo(7.0);
    }

    @Test
    void aNewServerWithTheSameConnectedFlagIsNoChangeButTheNextDiffCarriesIt() {
        send(1.0);
        connections.pipeInput(PV, connection(PV, true));
        PvConnection moved = connection(PV, true);
        moved.setServer("10.0.0.7:5064");
        connections.pipeInput(PV, moved);
        send(2.0);

        List<PvDiff> emitted = emitted();
        assertThat(emitted).extracting(PvDiff::getChanges).containsExactly(
                List.of(PvChange.FIRST), List.of(PvChange.CONNECTION), List.of(PvChange.VALUE));
        assertThat(emitted.get(2).getCurrent().getConnection().getServer()).isEqualTo("10.0.0.7:5064");
        assertThat(emitted.get(2).getPrevious().getConnection().getServer()).isEqualTo("10.0.0.7:5064");
    }

    @Test
    void aConnectionBeforeAnyValueIsTheFirstChange() {
        connections.pipeInput(PV, connection(PV, true));
        send(1.0);

        List<PvDiff> emitted = emitted();
        assertThat(emitted).extracting(PvDiff::getChanges).containsExactly(List.of(PvChange.FIRST), List.of(PvChange.VALUE));
        assertThat(emitted.get(0).getCurrent().getValue()).isNull();
    }

    @Test
    void metadataIsNotAChange() {
        metas.pipeInput(PV, PvMeta.newBuilder().setName(PV).setType(DbrType.DOUBLE).setCount(1).build());
        send(1.0);
        metas.pipeInput(PV, PvMeta.newBuilder().setName(PV).setType(DbrType.DOUBLE).setCount(1).setUnits("mA").build());

        assertThat(emitted()).extracting(PvDiff::getChanges).containsExactly(List.of(PvChange.FIRST));
    }

    @Test
    void aForgottenPvStartsAfreshWithAFirstChange() {
        send(1.0);
        values.pipeInput(PV, (PvValue) null);
        send(1.0);

        assertThat(emitted()).extracting(PvDiff::getChanges).containsExactly(List.of(PvChange.FIRST), List.of(PvChange.FIRST));
        assertThat(driver.getKeyValueStore(Topics.Stores.PV_DIFF_EMITTED).get(PV)).isNotNull();
    }

    @Test
    void theEmittedStateReachesItsChangelogAtTheCommit() {
        send(1.0);
        send(2.0);

        // pv-diff-emitted is kept as objects (ObjectStore): the driver commits after each record, and the commit
        // must write the store to its changelog, or a moved task would emit FIRST diffs again
        List<TestRecord<String, PvDiffState>> logged = driver.createOutputTopic("pvstream-"
                        + Topics.Stores.PV_DIFF_EMITTED + "-changelog", new StringDeserializer(),
                DiffSerdes.PV_DIFF_STATE.deserializer()).readRecordsToList();
        assertThat(logged).extracting(TestRecord::key).containsExactly(PV, PV);
        assertThat(logged.get(1).value().getValue().getValue()).isEqualTo(2.0);
    }

    @Test
    void pvsAreIndependent() {
        configs.pipeInput("SIM:B", config("SIM:B", 100.0));
        values.pipeInput("SIM:B", value("SIM:B", 1.0, T0_NS));
        send(1.0);
        values.pipeInput("SIM:B", value("SIM:B", 2.0, T0_NS + SECOND_NS));
        send(2.0);

        assertThat(diffs.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("SIM:B", PV, PV);
    }

    @Test
    void pvConfigJoinsThePvSubTopologyWithoutRepartitioning() {
        TopologyDescription.Subtopology pvPath = topology.describe().subtopologies().stream()
                .filter(sub -> sub.nodes().stream().flatMap(PvDiffTopologyTest::topicsOf).anyMatch(Topics.PV_VALUES::equals))
                .findFirst().orElseThrow();

        assertThat(pvPath.nodes().stream().flatMap(PvDiffTopologyTest::topicsOf))
                .containsExactlyInAnyOrder(Topics.PV_VALUES, Topics.PV_META, Topics.PV_CONNECTIONS, Topics.PV_CONFIG,
                        Topics.PV_DIFFS, Topics.PV_ARCHIVE); // pv.diffs only as a sink: the archive is fed in the task
        assertThat(pvPath.toString()).doesNotContain("repartition")
                .contains("pv-diff-processor", "pv-diffs-sink", "pv-config-source", "pv-config-processor",
                        "stores: [" + Topics.Stores.PV_CONFIG + "]")
                .containsPattern("pv-diff-processor \\(stores: \\[[^]]*" + Topics.Stores.PV_DIFF_EMITTED);
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
