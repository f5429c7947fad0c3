package io.pvstream.streams.ops;

import static io.pvstream.streams.ops.OpsTestRecords.T0_MS;
import static io.pvstream.streams.ops.OpsTestRecords.T0_NS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.ConfirmOutcome;
import io.pvstream.schemas.avro.OpsConfirmation;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.schemas.avro.ReplicaLsn;

/** What a task finds in its store when it starts (after a restart or a move) is checked like the rest. */
class OpsPendingProcessorTest {

    private static final OpsSettings SETTINGS = new OpsSettings(1, true, Duration.ofMillis(100), Duration.ofSeconds(60));

    private MockProcessorContext<String, OpsOutput> context;
    private KeyValueStore<String, PendingTransaction> pending;
    private KeyValueStore<String, Long> marks;
    private TimestampedKeyValueStore<String, ReplicaLsn> replicas;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        pending = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Topics.Stores.OPS_PENDING),
                Serdes.String(), io.pvstream.schemas.serde.Serdes.PENDING_TRANSACTION).withLoggingDisabled().build();
        pending.init(context.getStateStoreContext(), pending);
        context.addStateStore(pending);
        marks = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Topics.Stores.OPS_PENDING_ROWS),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        marks.init(context.getStateStoreContext(), marks);
        context.addStateStore(marks);
        replicas = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(Topics.Stores.OPS_REPLICA_LSN),
                Serdes.String(), io.pvstream.schemas.serde.Serdes.REPLICA_LSN).withLoggingDisabled().build();
        replicas.init(context.getStateStoreContext(), replicas);
        context.addStateStore(replicas);
    }

    @Test
    void entriesRestoredFromTheChangelogAreConfirmedAndReportedByTheFirstCheck() {
        PendingTransaction old = PendingEntries.buffered(OpsTestRecords.configurationTx("c-1", "t-1", T0_NS));
        PendingTransaction committed = PendingTransaction.newBuilder(
                        PendingEntries.buffered(OpsTestRecords.configurationTx("c-2", "t-2", T0_NS)))
                .setState(PendingState.COMMITTED).setLsn(10L).setCommittedNs(T0_NS).build();
        PendingTransaction reported = PendingEntries.overdueReported(
                PendingEntries.buffered(OpsTestRecords.configurationTx("c-3", "t-3", T0_NS)));
        pending.put("c-1/t-1", old);
        pending.put("c-2/t-2", committed);
        pending.put("c-3/t-3", reported);
        replicas.put("replica-a", ValueAndTimestamp.make(new ReplicaLsn("replica-a", 20L, null, T0_NS), T0_MS));

        OpsPendingProcessor processor = new OpsPendingProcessor(SETTINGS);
        processor.init(context);
        assertThat(context.scheduledPunctuators()).singleElement().satisfies(punctuator -> {
            assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
            assertThat(punctuator.getInterval()).isEqualTo(Duration.ofMillis(100));
        });
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0_MS + 60_000);

        List<OpsConfirmation> emitted = context.forwarded().stream()
                .map(forwarded -> ((OpsOutput.Confirmed) forwarded.record().value()).confirmation()).toList();
        assertThat(emitted).extracting(OpsConfirmation::getTxId, OpsConfirmation::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("t-2", ConfirmOutcome.REPLICATED),
                org.assertj.core.groups.Tuple.tuple("t-1", ConfirmOutcome.OVERDUE));
        assertThat(pending.get("c-2/t-2")).isNull();
        assertThat(pending.get("c-1/t-1").getOverdueReported()).isTrue();
        assertThat(pending.get("c-3/t-3")).isEqualTo(reported);
    }

    @Test
    void restoredRowMarksCarryOn() {
        pending.put("c-1/t-1", PendingEntries.buffered(OpsTestRecords.configurationTx("c-1", "t-1", T0_NS, "A")));
        marks.put("c-1/t-1/configuration/c-1", 40L);
        marks.put("c-1/t-1/configuration_pv/c-1/A", PendingRows.NOT_SEEN);
        pending.put("c-2/t-2", PendingEntries.buffered(OpsTestRecords.configurationTx("c-2", "t-2", T0_NS)));
        marks.put("c-2/t-2/configuration/c-2", 70L); // all seen, but the commit was not recorded
        PendingTransaction committed = PendingEntries.committed(
                PendingEntries.buffered(OpsTestRecords.configurationTx("c-3", "t-3", T0_NS)), 5L, T0_NS);
        pending.put("c-3/t-3", committed);
        marks.put("c-3/t-3/configuration/c-3", 5L); // left behind by a crash after the commit
        OpsPendingProcessor processor = new OpsPendingProcessor(SETTINGS);

        processor.init(context);
        assertThat(marks.get("c-3/t-3/configuration/c-3")).isNull();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0_MS + 1);
        assertThat(pending.get("c-2/t-2").getState()).isEqualTo(PendingState.COMMITTED);
        assertThat(pending.get("c-2/t-2").getLsn()).isEqualTo(70L);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>("c-1", new OpsInput.RowSeen(
                new io.pvstream.schemas.avro.OpsCdcRow("configuration_pv", "configuration_pv/c-1/A", "t-1", "c-1", "c",
                        30L, T0_NS + 9)), T0_MS + 2));

        assertThat(pending.get("c-1/t-1").getState()).isEqualTo(PendingState.COMMITTED);
        assertThat(pending.get("c-1/t-1").getLsn()).isEqualTo(40L);
        assertThat(pending.get("c-1/t-1").getCommittedNs()).isEqualTo(T0_NS + 9);
    }

    @Test
    void checkWithNothingDueEmitsNothing() {
        OpsPendingProcessor processor = new OpsPendingProcessor(SETTINGS);
        processor.init(context);

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0_MS);

        assertThat(context.forwarded()).isEmpty();
    }
}
