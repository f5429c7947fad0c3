package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import io.pvstream.streams.StoreNotReadyException;

class LateBoundLookupTest {

    @Test
    void notReadyUntilBoundThenDelegates() {
        LateBoundLookup lookup = new LateBoundLookup();

        assertThat(lookup.state()).isEqualTo(KafkaStreams.State.CREATED);
        assertThat(lookup.ownerOf("SIM:A")).isEmpty();
        assertThat(lookup.localHost()).isEqualTo(HostInfo.unavailable());
        assertThatThrownBy(() -> lookup.getLocal("SIM:A")).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(lookup::heartbeats).isInstanceOf(StoreNotReadyException.class);

        HostInfo self = new HostInfo("127.0.0.1", 7001);
        lookup.bind(new InMemoryPvLookup(self).put(TestRecords.valueOnly("SIM:A", 1.0)));

        assertThat(lookup.localHost()).isEqualTo(self);
        assertThat(lookup.ownerOf("SIM:A")).contains(self);
        assertThat(lookup.getLocal("SIM:A")).isPresent();
    }
}
