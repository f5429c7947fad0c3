package io.pvstream.streams.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.AlarmStatus;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.avro.Severity;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StreamsAppConfig;

/**
 * The whole topology in a {@link TopologyTestDriver}: the watchdog flags connected PVs without updates (default
 * threshold 300 s, checked every 60 s of wall clock), and pv.config tombstones mark PVs removed.
 */
class StaleWatchdogTest {

    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, PvValue> values;
    private TestInputTopic<String, PvConnection> connections;
    private TestInputTopic<String, PvConfig> configs;
    private KeyValueStore<String, PvState> latest;
    private KeyValueStore<String, Long> staleIndex;

    @BeforeEach
    void setUp() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of(StreamsAppConfig.STATE_DIR, stateDir.toString()));
        driver = new TopologyTestDriver(PvTopology.buildTopology(config), config.streamsProperties("127.0.0.1:8080"), T0);
        StringSerializer names = new StringSerializer();
        values = driver.createInputTopic(Topics.PV_VALUES, names, Serdes.PV_VALUE.serializer());
        connections = driver.createInputTopic(Topics.PV_CONNECTIONS, names, Serdes.PV_CONNECTION.serializer());
        configs = driver.createInputTopic(Topics.PV_CONFIG, names, Serdes.PV_CONFIG.serializer());
        latest = driver.getKeyValueStore(Topics.Stores.PV_LATEST);
        staleIndex = driver.getKeyValueStore(Topics.Stores.PV_STALE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static long ns(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private void value(String pv, double value, Instant at) {
        values.pipeInput(pv, PvValue.newBuilder().setName(pv).setTimestampNs(ns(at)).setValue(value)
                .setSeverity(Severity.NO_ALARM).setStatus(AlarmStatus.NO_ALARM).build(), at);
    }

    private void connection(String pv, boolean connected, Instant at) {
        connections.pipeInput(pv, PvConnection.newBuilder().setName(pv).setConnected(connected)
                .setServer("127.0.0.1:5064").setSinceNs(ns(at)).setInstance("ingest-1").build(), at);
    }

    private void connectedWithValue(String pv, Instant at) {
        configs.pipeInput(pv, PvConfig.newBuilder().setName(pv).build(), at);
        connection(pv, true, at);
        value(pv, 1.0, at);
    }

    private long wallClockSeconds;

    /** Moves the wall clock to {@code T0 + seconds}, a minute at a time, so every check due on the way runs. */
    private void wallClockAt(long seconds) {
        while (wallClockSeconds < seconds) {
            long step = Math.min(60, seconds - wallClockSeconds);
            driver.advanceWallClockTime(Duration.ofSeconds(step));
            wallClockSeconds += step;
        }
    }

    @Test
    void aConnectedPvWithoutUpdatesIsFlaggedAtTheFirstCheckPastTheThresholdAndClearedByItsNextValue() {
        connectedWithValue("SIM:QUIET", T0);
        connectedWithValue("SIM:BUSY", T0);

        for (long s = 60; s <= 300; s += 60) {
            wallClockAt(s);
            value("SIM:BUSY", s, T0.plusSeconds(s)); // updates every minute: never stale
        }
        assertThat(latest.get("SIM:QUIET").getStaleSinceNs()).as("300 s is not more than 300 s").isNull();

        wallClockAt(360);
        PvState quiet = latest.get("SIM:QUIET");
        assertThat(quiet.getStaleSinceNs()).isEqualTo(ns(T0.plusSeconds(360)));
        assertThat(staleIndex.get("SIM:QUIET")).isEqualTo(ns(T0.plusSeconds(360)));
        assertThat(latest.get("SIM:BUSY").getStaleSinceNs()).isNull();
        assertThat(staleIndex.get("SIM:BUSY")).isNull();

        value("SIM:QUIET", 2.0, T0.plusSeconds(370));
        assertThat(latest.get("SIM:QUIET").getStaleSinceNs()).isNull();
        assertThat(latest.get("SIM:QUIET").getValueReceivedNs()).isEqualTo(ns(T0.plusSeconds(370)));
        assertThat(staleIndex.get("SIM:QUIET")).as("unflagged at once, not at the next check").isNull();
    }

    @Test
    void staleIsMeasuredFromWhenTheValueWasReceivedNotFromItsIocTimestamp() {
        configs.pipeInput("SIM:OLDCLOCK", PvConfig.newBuilder().setName("SIM:OLDCLOCK").build(), T0);
        connection("SIM:OLDCLOCK", true, T0);
        // an IOC whose clock is a day behind: received now, stamped yesterday
        values.pipeInput("SIM:OLDCLOCK", PvValue.newBuilder().setName("SIM:OLDCLOCK").setTimestampNs(ns(T0) - 86_400_000_000_000L)
                .setValue(1.0).setSeverity(Severity.NO_ALARM).setStatus(AlarmStatus.NO_ALARM).build(), T0.plusSeconds(200));

        wallClockAt(420);
        assertThat(latest.get("SIM:OLDCLOCK").getStaleSinceNs()).isNull();
        wallClockAt(540);
        assertThat(latest.get("SIM:OLDCLOCK").getStaleSinceNs()).isNotNull();
    }

    @Test
    void disconnectedAndRemovedPvsAreNotStale() {
        connectedWithValue("SIM:DOWN", T0);
        connection("SIM:DOWN", false, T0.plusSeconds(1));
        connectedWithValue("SIM:GONE", T0);
        configs.pipeInput("SIM:GONE", null, T0.plusSeconds(2));

        wallClockAt(600);
        assertThat(latest.get("SIM:DOWN").getStaleSinceNs()).isNull();
        assertThat(latest.get("SIM:GONE").getStaleSinceNs()).isNull();
        assertThat(staleIndex.approximateNumEntries()).isZero();
    }

    @Test
    void aDisconnectOrARemovalClearsTheFlag() {
        connectedWithValue("SIM:A", T0);
        connectedWithValue("SIM:B", T0);
        wallClockAt(360);
        assertThat(staleIndex.get("SIM:A")).isNotNull();
        assertThat(staleIndex.get("SIM:B")).isNotNull();

        connection("SIM:A", false, T0.plusSeconds(361));
        configs.pipeInput("SIM:B", null, T0.plusSeconds(362));

        assertThat(latest.get("SIM:A").getStaleSinceNs()).isNull();
        assertThat(latest.get("SIM:B").getStaleSinceNs()).isNull();
        assertThat(staleIndex.get("SIM:A")).isNull();
        assertThat(staleIndex.get("SIM:B")).isNull();
    }

    @Test
    void aPvConfigTombstoneMarksThePvRemovedKeepingItsLastStateAndReAddingUnmarksIt() {
        connectedWithValue("SIM:X", T0);
        configs.pipeInput("SIM:X", null, T0.plusSeconds(5));

        PvState removed = latest.get("SIM:X");
        assertThat(removed.getRemovedNs()).isEqualTo(ns(T0.plusSeconds(5)));
        assertThat(removed.getValue().getValue()).isEqualTo(1.0);
        assertThat(removed.getConnection().getConnected()).isTrue();

        configs.pipeInput("SIM:X", null, T0.plusSeconds(9)); // a second tombstone keeps the first time
        assertThat(latest.get("SIM:X").getRemovedNs()).isEqualTo(ns(T0.plusSeconds(5)));

        configs.pipeInput("SIM:X", PvConfig.newBuilder().setName("SIM:X").setDeadband(0.5).build(), T0.plusSeconds(10));
        assertThat(latest.get("SIM:X").getRemovedNs()).isNull();
    }

    @Test
    void aConfigOfAPvNotSeenYetStoresNothing() {
        configs.pipeInput("SIM:NEW", PvConfig.newBuilder().setName("SIM:NEW").build(), T0);
        configs.pipeInput("SIM:NEVER", null, T0);

        assertThat(latest.get("SIM:NEW")).isNull();
        assertThat(latest.get("SIM:NEVER")).isNull();
    }
}
