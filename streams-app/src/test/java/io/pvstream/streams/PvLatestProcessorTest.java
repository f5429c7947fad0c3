package io.pvstream.streams;

import static io.pvstream.streams.TestRecords.connection;
import static io.pvstream.streams.TestRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateUpdate.ConnectionUpdate;
import io.pvstream.streams.PvStateUpdate.ValueUpdate;

/** The processor alone, on an in-memory store: no topology, no Kafka. */
class PvLatestProcessorTest {

    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private final PvLatestProcessor processor = new PvLatestProcessor();
    private KeyValueStore<String, PvState> store;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Topics.Stores.PV_LATEST),
                        Serdes.String(), io.pvstream.schemas.serde.Serdes.PV_STATE)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
    }

    private void process(String key, PvStateUpdate update) {
        processor.process(new Record<>(key, update, 0L));
    }

    @Test
    void storesTheMergedState() {
        process("SIM:A", new ValueUpdate(value("SIM:A", 3.0)));
        process("SIM:A", new ConnectionUpdate(connection("SIM:A", true)));

        PvState state = store.get("SIM:A");
        assertThat(state.getValue().getValue()).isEqualTo(3.0);
        assertThat(state.getConnection().getConnected()).isTrue();
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void deletesThePvWhenEveryPartIsCleared() {
        process("SIM:A", new ValueUpdate(value("SIM:A", 3.0)));
        process("SIM:A", new ValueUpdate(null));

        assertThat(store.get("SIM:A")).isNull();
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void dropsRecordsWithoutKey() {
        process(null, new ValueUpdate(value("SIM:A", 3.0)));
        process("", new ValueUpdate(value("SIM:A", 3.0)));

        assertThat(store.approximateNumEntries()).isZero();
    }
}
