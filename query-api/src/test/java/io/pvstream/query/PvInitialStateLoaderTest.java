package io.pvstream.query;

import static io.pvstream.query.ApiTestSupport.OTHER;
import static io.pvstream.query.ApiTestSupport.SELF;
import static io.pvstream.query.TestRecords.fullState;
import static io.pvstream.query.TestRecords.valueOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.query.cluster.PeerCalls;
import io.pvstream.query.ws.GlobPattern;
import io.pvstream.query.ws.InitialStateLoader.InitialState;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.query.http.Json;
import io.pvstream.query.pv.PvController;
import io.pvstream.query.ws.PvInitialStateLoader;

/** Initial state of WebSocket subscriptions over in-memory stores and peers. */
class PvInitialStateLoaderTest {

    private final InMemoryPvLookup lookup = new InMemoryPvLookup(SELF);
    private final RecordingPeers peers = new RecordingPeers();
    private final PvInitialStateLoader loader = new PvInitialStateLoader(lookup, peers, Json.newMapper());

    private static List<String> names(InitialState snapshot) {
        return snapshot.pvs().stream().map(pv -> pv.path("name").asText()).toList();
    }

    @Test
    void namesComeFromTheLocalStoreOrTheirOwnerAndUnknownOnesAreListed() {
        lookup.put(fullState("SIM:A", 1.5)).ownedBy("SIM:B", OTHER).ownedBy("SIM:GONE", OTHER);
        peers.answer(OTHER, path -> path.endsWith("SIM%3AB")
                ? RecordingPeers.json(200, "{\"name\":\"SIM:B\",\"value\":2.5}")
                : RecordingPeers.json(404, "{\"error\":\"not_found\"}"));

        InitialState snapshot = loader.load(List.of("SIM:A", "SIM:B", "SIM:GONE", "SIM:NEVER"), List.of(), 100);

        assertThat(names(snapshot)).containsExactly("SIM:A", "SIM:B");
        JsonNode a = snapshot.pvs().get(0);
        assertThat(a.path("value").asDouble()).isEqualTo(1.5);
        assertThat(a.path("units").asText()).as("the REST view, metadata included").isEqualTo("mA");
        assertThat(snapshot.unknown()).containsExactly("SIM:GONE", "SIM:NEVER");
        assertThat(snapshot.truncated()).isFalse();
    }

    @Test
    void desiredPvsNotSeenYetAreInTheSnapshotAsNeverConnectedNotUnknown() {
        lookup.put(fullState("SIM:A", 1.5)).desire("SIM:A", "SIM:LATE", "SIM:LATER");

        InitialState byName = loader.load(List.of("SIM:LATE", "SIM:NEVER"), List.of(), 100);
        assertThat(names(byName)).containsExactly("SIM:LATE");
        assertThat(byName.pvs().get(0).path("neverConnected").asBoolean()).isTrue();
        assertThat(byName.pvs().get(0).path("connected").asBoolean()).isFalse();
        assertThat(byName.unknown()).containsExactly("SIM:NEVER");

        InitialState byPattern = loader.load(List.of(), List.of(GlobPattern.compile("SIM:*")), 100);
        assertThat(names(byPattern)).containsExactly("SIM:A", "SIM:LATE", "SIM:LATER");
    }

    @Test
    void patternsPageOverTheirLiteralPrefixOnEveryInstance() {
        lookup.put(valueOnly("SIM:PV1", 1), valueOnly("SIM:PV2", 2), valueOnly("SIM:XX3", 3), valueOnly("OTHER:PV4", 4))
                .withPeer(OTHER);
        peers.answer(OTHER, path -> RecordingPeers.json(200,
                "{\"items\":[{\"name\":\"SIM:PV15\"},{\"name\":\"SIM:ZZ\"}]}"));

        InitialState snapshot = loader.load(List.of(), List.of(GlobPattern.compile("SIM:PV*")), 100);

        assertThat(names(snapshot)).containsExactly("SIM:PV1", "SIM:PV15", "SIM:PV2");
        assertThat(peers.requests).singleElement()
                .satisfies(request -> assertThat(request.pathAndQuery()).contains("prefix=SIM%3APV"));
    }

    @Test
    void aPatternMatchingMoreThanTheCapIsTruncated() {
        lookup.put(valueOnly("SIM:1", 1), valueOnly("SIM:2", 2), valueOnly("SIM:3", 3));

        InitialState capped = loader.load(List.of(), List.of(GlobPattern.compile("*")), 2);
        InitialState exact = loader.load(List.of(), List.of(GlobPattern.compile("*")), 3);

        assertThat(names(capped)).containsExactly("SIM:1", "SIM:2");
        assertThat(capped.truncated()).isTrue();
        assertThat(exact.truncated()).isFalse();
    }

    @Test
    void aStoreThatCannotAnswerFailsTheWholeSnapshot() {
        lookup.setState(KafkaStreams.State.REBALANCING);

        assertThatThrownBy(() -> loader.load(List.of("SIM:A"), List.of(), 10)).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(() -> loader.load(List.of(), List.of(GlobPattern.compile("SIM:*")), 10))
                .isInstanceOf(StoreNotReadyException.class);
    }

    @Test
    void anInstanceThatDoesNotAnswerFailsTheSnapshot() {
        lookup.put(valueOnly("SIM:A", 1)).withPeer(OTHER); // OTHER refuses connections

        assertThatThrownBy(() -> loader.load(List.of(), List.of(GlobPattern.compile("SIM:*")), 10))
                .isInstanceOf(StoreNotReadyException.class).hasMessageContaining(PeerCalls.address(OTHER));
    }
}
