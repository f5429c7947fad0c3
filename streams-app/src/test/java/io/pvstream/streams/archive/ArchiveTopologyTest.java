package io.pvstream.streams.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/** pv.archive from the whole topology: PV updates → pv.diffs → archive rules → Connect JSON rows. */
class ArchiveTopologyTest {

    private static final String PV = "SIM:A";
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, PvValue> values;
    private TestInputTopic<String, PvConnection> connections;
    private TestInputTopic<String, PvConfig> configs;
    private TestOutputTopic<String, String> archive;

    @BeforeEach
    void setUp() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of(StreamsAppConfig.STATE_DIR, stateDir.toString()));
        driver = new TopologyTestDriver(PvTopology.buildTopology(config), config.streamsProperties("127.0.0.1:8080"));
        StringSerializer names = new StringSerializer();
        values = driver.createInputTopic(Topics.PV_VALUES, names, Serdes.PV_VALUE.serializer());
        connections = driver.createInputTopic(Topics.PV_CONNECTIONS, names, Serdes.PV_CONNECTION.serializer());
        configs = driver.createInputTopic(Topics.PV_CONFIG, names, Serdes.PV_CONFIG.serializer());
        archive = driver.createOutputTopic(Topics.PV_ARCHIVE, new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void value(double v, long t) {
        values.pipeInput(PV, PvValue.newBuilder().setName(PV).setTimestampNs(t).setValue(v)
                .setSeverity(Severity.NO_ALARM).setStatus(AlarmStatus.NO_ALARM).build());
    }

    private void connection(boolean connected, long since) {
        connections.pipeInput(PV, PvConnection.newBuilder().setName(PV).setConnected(connected).setSinceNs(since)
                .setServer("127.0.0.1:5064").build());
    }

    private List<JsonNode> rows() {
        return archive.readValuesToList().stream().map(text -> {
            try {
                return JSON.readTree(text);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void valuesBeyondTheArchiveDeadbandAndEveryConnectionChangeAreArchived() {
        configs.pipeInput(PV, PvConfig.newBuilder().setName(PV).setDeadband(0.1).setArchiveDeadband(1.0).build());
        connection(true, T0);
        value(10.0, T0 + SECOND);      // first value
        value(10.5, T0 + 2 * SECOND);  // in pv.diffs (beyond 0.1), not beyond the archive deadband
        value(11.2, T0 + 3 * SECOND);  // 1.2 from the last archived: archived
        connection(false, T0 + 4 * SECOND);
        connection(true, T0 + 5 * SECOND);

        List<JsonNode> rows = rows();
        assertThat(rows).extracting(row -> row.path("changes").asText())
                .containsExactly("FIRST", "VALUE", "CONNECTION", "CONNECTION"); // connected without a value: not yet
        assertThat(rows).extracting(row -> row.path("sample_ns").asLong())
                .containsExactly(T0 + SECOND, T0 + 3 * SECOND, T0 + 4 * SECOND, T0 + 5 * SECOND);
        assertThat(rows.get(1).path("value_num").asDouble()).isEqualTo(11.2);
        assertThat(rows.get(2).path("connected").asBoolean()).isFalse();
        assertThat(rows.get(2).path("value_num").isNull()).as("a gap has no value").isTrue();
        assertThat(rows.get(3).path("value_num").asDouble()).as("the value on reconnect").isEqualTo(11.2);
        assertThat(archive.isEmpty()).isTrue();
    }

    @Test
    void recordsAreKeyedByPvNameLikeEveryPvTopic() {
        connection(true, T0);
        value(1.0, T0 + SECOND);
        assertThat(archive.readKeyValue().key).isEqualTo(PV);
    }
}
