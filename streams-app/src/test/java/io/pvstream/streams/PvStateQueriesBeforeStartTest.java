package io.pvstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before start (and so also while stopped) every read says "not ready" with the one typed exception the
 * API maps to 503. Reads of a running instance are covered by the devstack end-to-end tests (real broker).
 */
class PvStateQueriesBeforeStartTest {

    @TempDir
    Path stateDir;

    private KafkaStreams streams;
    private PvStateQueries queries;

    @BeforeEach
    void setUp() {
        // Never started: its clients only try 127.0.0.1:1 in the background (refused at once, logged as WARN).
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of(
                StreamsAppConfig.STATE_DIR, stateDir.toString(), "bootstrap.servers", "127.0.0.1:1"));
        streams = new KafkaStreams(PvTopology.buildTopology(config), config.streamsProperties("127.0.0.1:7001"));
        queries = new PvStateQueries(StreamsHandle.of(streams, new HostInfo("127.0.0.1", 7001)));
    }

    @AfterEach
    void tearDown() {
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void noOwnerIsKnown() {
        assertThat(queries.state()).isEqualTo(KafkaStreams.State.CREATED);
        assertThat(queries.ownerOf("SIM:A")).isEmpty();
    }

    @Test
    void storeReadsAreNotReady() {
        assertThatThrownBy(() -> queries.getLocal("SIM:A")).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(() -> queries.scanLocal("", null, 10)).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(queries::heartbeats).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(queries::allHosts).isInstanceOf(StoreNotReadyException.class);
    }

    @Test
    void knowsItself() {
        assertThat(queries.isLocal(new HostInfo("127.0.0.1", 7001))).isTrue();
        assertThat(queries.isLocal(new HostInfo("127.0.0.1", 7002))).isFalse();
    }
}
