package io.pvstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP serves the query services before Streams exists: until it is bound they say "not ready". */
class StreamsHandleTest {

    @TempDir
    Path stateDir;

    @Test
    void notReadyUntilBoundThenReadsTheBoundStreams() {
        StreamsHandle handle = new StreamsHandle();
        PvStateQueries lookup = new PvStateQueries(handle);

        assertThat(lookup.state()).isEqualTo(KafkaStreams.State.CREATED);
        assertThat(lookup.ownerOf("SIM:A")).isEmpty();
        assertThat(lookup.localHost()).isEqualTo(HostInfo.unavailable());
        assertThatThrownBy(() -> lookup.getLocal("SIM:A")).isInstanceOf(StoreNotReadyException.class)
                .hasMessageContaining("not created yet");
        assertThatThrownBy(lookup::heartbeats).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(lookup::allHosts).isInstanceOf(StoreNotReadyException.class);

        // Never started: its clients only try 127.0.0.1:1 in the background (refused at once, logged as WARN).
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of(
                StreamsAppConfig.STATE_DIR, stateDir.toString(), "bootstrap.servers", "127.0.0.1:1"));
        KafkaStreams streams = new KafkaStreams(PvTopology.buildTopology(config),
                config.streamsProperties("127.0.0.1:7001"));
        try {
            HostInfo self = new HostInfo("127.0.0.1", 7001);
            handle.bind(streams, self);

            assertThat(lookup.localHost()).isEqualTo(self);
            assertThat(handle.streams()).isSameAs(streams);
            assertThatThrownBy(() -> handle.bind(streams, self)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(lookup::heartbeats).as("now the bound Streams answers: it is not running")
                    .isInstanceOf(StoreNotReadyException.class).hasMessageNotContaining("not created yet");
        } finally {
            streams.close(Duration.ofSeconds(5));
        }
    }
}
