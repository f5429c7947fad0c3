package io.pvstream.streams.ops;

import static io.pvstream.streams.ops.OpsTestRecords.T0_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.streams.PvTopology;
import io.pvstream.streams.StoreNotReadyException;
import io.pvstream.streams.StreamsAppConfig;
import io.pvstream.streams.StreamsHandle;

/**
 * The scans over an in-memory store, and {@link OpsPendingQueries} before start (reads say "not ready").
 * Reads of a running instance are covered by end-to-end tests on a real broker.
 */
class OpsPendingQueriesTest {

    @TempDir
    Path stateDir;

    private KafkaStreams streams;

    @AfterEach
    void tearDown() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void scansReadOneEntityByPrefixAndTypesInBufferedOrder() {
        KeyValueStore<String, PendingTransaction> store = inMemoryStore();
        put(store, PendingEntries.buffered(OpsTestRecords.configurationTx("c-1", "t-b", T0_NS + 2)));
        put(store, PendingEntries.buffered(OpsTestRecords.configurationTx("c-1", "t-a", T0_NS + 3)));
        put(store, PendingEntries.buffered(OpsTestRecords.configurationTx("c-10", "t-c", T0_NS + 1)));
        put(store, PendingEntries.buffered(OpsTestRecords.tx("tag", "g-1", "t-d", T0_NS,
                List.of(new OpsRow("tag", Map.of("id", "g-1"))))));

        assertThat(PendingScans.forEntity(store, "c-1")).extracting(e -> e.getTx().getTxId()).containsExactly("t-b", "t-a");
        assertThat(PendingScans.forEntity(store, "c-2")).isEmpty();
        assertThat(PendingScans.ofType(store, "configuration")).extracting(e -> e.getTx().getTxId())
                .containsExactly("t-c", "t-b", "t-a");
        assertThat(PendingScans.ofType(store, "tag")).extracting(e -> e.getTx().getTxId()).containsExactly("t-d");
    }

    @Test
    void summaryCountsStatesAndTheOldest() {
        KeyValueStore<String, PendingTransaction> store = inMemoryStore();
        assertThat(PendingScans.summary(store)).isEqualTo(PendingSummary.EMPTY);

        PendingTransaction pending = PendingEntries.buffered(OpsTestRecords.configurationTx("c-1", "t-1", T0_NS + 5));
        PendingTransaction committed = PendingTransaction.newBuilder(
                        PendingEntries.buffered(OpsTestRecords.configurationTx("c-2", "t-2", T0_NS)))
                .setState(PendingState.COMMITTED).setLsn(9L).setOverdueReported(true).build();
        put(store, pending);
        put(store, committed);

        PendingSummary summary = PendingScans.summary(store);
        assertThat(summary).isEqualTo(new PendingSummary(2, 1, 1, 1, T0_NS));
        assertThat(summary.plus(PendingSummary.EMPTY)).isEqualTo(summary);
        assertThat(PendingSummary.EMPTY.plus(summary)).isEqualTo(summary);
    }

    @Test
    void beforeStartNothingIsReadyAndNoOwnerIsKnown() {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of(
                StreamsAppConfig.STATE_DIR, stateDir.toString(), "bootstrap.servers", "127.0.0.1:1"));
        streams = new KafkaStreams(PvTopology.buildTopology(config), config.streamsProperties("127.0.0.1:7001"));
        OpsPendingLookup queries = new OpsPendingQueries(StreamsHandle.of(streams, new HostInfo("127.0.0.1", 7001)));

        assertThat(queries.ownerOf("c-1")).isEmpty();
        assertThat(queries.isLocal(new HostInfo("127.0.0.1", 7001))).isTrue();
        assertThatThrownBy(() -> queries.pendingForEntity("c-1")).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(() -> queries.pendingOfType("configuration")).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(queries::summary).isInstanceOf(StoreNotReadyException.class);
        assertThatThrownBy(queries::allHosts).isInstanceOf(StoreNotReadyException.class);
    }

    private static KeyValueStore<String, PendingTransaction> inMemoryStore() {
        KeyValueStore<String, PendingTransaction> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("ops-pending-test"), Serdes.String(),
                        io.pvstream.schemas.serde.Serdes.PENDING_TRANSACTION)
                .withLoggingDisabled().build();
        store.init(new org.apache.kafka.streams.processor.api.MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static void put(KeyValueStore<String, PendingTransaction> store, PendingTransaction entry) {
        store.put(PendingEntries.storeKey(entry.getTx().getEntityId(), entry.getTx().getTxId()), entry);
    }
}
