package io.pvstream.streams.ops;

import static io.pvstream.streams.ops.OpsTestRecords.T0_MS;
import static io.pvstream.streams.ops.OpsTestRecords.T0_NS;
import static io.pvstream.streams.ops.OpsTestRecords.cdcEvent;
import static io.pvstream.streams.ops.OpsTestRecords.configurationTx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.ConfirmOutcome;
import io.pvstream.schemas.avro.OpsConfirmation;
import io.pvstream.schemas.avro.OpsRow;
import io.pvstream.schemas.avro.OpsTransaction;
import io.pvstream.schemas.avro.PendingState;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.schemas.avro.ReplicaLsn;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.StreamsAppConfig;

class OpsTopologyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, OpsTransaction> txs;
    private final Map<String, TestInputTopic<String, String>> cdc = new HashMap<>();
    private TestInputTopic<String, ReplicaLsn> replicas;
    private final Map<String, TestOutputTopic<String, String>> apply = new HashMap<>();
    private TestOutputTopic<String, OpsConfirmation> confirmed;
    private KeyValueStore<String, PendingTransaction> pending;
    private KeyValueStore<String, Long> marks;

    private void start(boolean replicaEnabled) {
        StreamsAppConfig config = StreamsAppConfig.load(Map.of(), Map.of(
                StreamsAppConfig.STATE_DIR, stateDir.toString(),
                CommonConfig.TOPIC_PARTITIONS, "1",
                StreamsAppConfig.OPS_REPLICA_ENABLED, Boolean.toString(replicaEnabled),
                StreamsAppConfig.OPS_CONFIRM_TIMEOUT_MS, Long.toString(TIMEOUT.toMillis())));
        StreamsBuilder builder = new StreamsBuilder();
        OpsTopology.addTo(builder, config);
        driver = new TopologyTestDriver(builder.build(), config.streamsProperties("127.0.0.1:8080"),
                Instant.ofEpochMilli(T0_MS));
        StringSerializer strings = new StringSerializer();
        txs = driver.createInputTopic(Topics.OPS_TX, strings, Serdes.OPS_TRANSACTION.serializer());
        for (String table : List.of("configuration", "configuration_pv", "tag")) {
            cdc.put(table, driver.createInputTopic(Topics.opsCdcTopic(table), strings, strings));
            apply.put(table, driver.createOutputTopic(Topics.opsApplyTopic(table), new StringDeserializer(),
                    new StringDeserializer()));
        }
        if (replicaEnabled) {
            replicas = driver.createInputTopic(Topics.OPS_REPLICA_LSN, strings, Serdes.REPLICA_LSN.serializer());
        }
        confirmed = driver.createOutputTopic(Topics.OPS_TX_CONFIRMED, new StringDeserializer(),
                Serdes.OPS_CONFIRMATION.deserializer());
        pending = driver.getKeyValueStore(Topics.Stores.OPS_PENDING);
        marks = driver.getKeyValueStore(Topics.Stores.OPS_PENDING_ROWS);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void rowsFanOutToTheirTableTopicsAsJsonObjects() {
        start(false);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS, "A", "B");

        txs.pipeInput("c-1", tx);

        var configurationRows = apply.get("configuration").readKeyValuesToList();
        assertThat(configurationRows).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("{\"id\":\"c-1\"}");
            assertThat(kv.value).isEqualTo(ApplyRows.of(tx.getRows().get(0)).valueJson())
                    .isEqualTo("{\"id\":\"c-1\",\"name\":\"orbit\",\"description\":null,\"deleted\":false,"
                            + "\"updated_at\":1700000000123,\"tx_id\":\"t-1\",\"entity_id\":\"c-1\"}");
        });
        assertThat(apply.get("configuration_pv").readValuesToList()).containsExactly(
                ApplyRows.of(tx.getRows().get(1)).valueJson(), ApplyRows.of(tx.getRows().get(2)).valueJson());
        assertThat(apply.get("tag").isEmpty()).isTrue();
        assertThat(confirmed.isEmpty()).isTrue();
    }

    @Test
    void bufferedTransactionWaitsInThePendingStore() {
        start(false);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS, "A");

        txs.pipeInput("c-1", tx);

        PendingTransaction entry = pending.get("c-1/t-1");
        assertThat(entry.getTx().getEntityJson()).isEqualTo(tx.getEntityJson());
        assertThat(entry.getTx().getRows()).isEmpty(); // sent to the sink; their marks are what is kept
        assertThat(entry.getState()).isEqualTo(PendingState.PENDING);
        assertThat(entry.getSeenRows()).isEmpty();
        assertThat(marks.get("c-1/t-1/configuration/c-1")).isEqualTo(PendingRows.NOT_SEEN);
        assertThat(marks.get("c-1/t-1/configuration_pv/c-1/A")).isEqualTo(PendingRows.NOT_SEEN);
    }

    @Test
    void allRowsInCdcCommitWithTheHighestLsnAndWithoutReplicaThatIsFinal() {
        start(false);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS, "A", "B");
        txs.pipeInput("c-1", tx);

        see(tx.getRows().get(1), 300L, T0_MS + 10);
        see(tx.getRows().get(0), 100L, T0_MS + 11);
        see(tx.getRows().get(2), 200L, T0_MS + 12);

        assertThat(confirmed.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("c-1");
            assertThat(kv.value).isEqualTo(new OpsConfirmation("t-1", "c-1", ConfirmOutcome.COMMITTED, T0_NS,
                    (T0_MS + 12) * 1_000_000L, 300L));
        });
        assertThat(pending.get("c-1/t-1")).isNull();
        try (var left = marks.all()) {
            assertThat(left.hasNext()).isFalse();
        }
    }

    @Test
    void partlySeenTransactionStaysPending() {
        start(false);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS, "A", "B");
        txs.pipeInput("c-1", tx);

        see(tx.getRows().get(0), 100L, T0_MS);
        see(tx.getRows().get(2), 200L, T0_MS);

        PendingTransaction entry = pending.get("c-1/t-1");
        assertThat(entry.getState()).isEqualTo(PendingState.PENDING);
        assertThat(entry.getLsn()).isNull();
        assertThat(marks.get("c-1/t-1/configuration/c-1")).isEqualTo(100L);
        assertThat(marks.get("c-1/t-1/configuration_pv/c-1/A")).isEqualTo(PendingRows.NOT_SEEN);
        assertThat(marks.get("c-1/t-1/configuration_pv/c-1/B")).isEqualTo(200L);
        assertThat(confirmed.isEmpty()).isTrue();
    }

    @Test
    void duplicatesUnknownTransactionsSnapshotsAndJunkAreIgnored() {
        start(false);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS, "A");
        OpsTransaction old = configurationTx("c-0", "t-0", T0_NS - 1, "A");
        txs.pipeInput("c-1", tx);

        see(tx.getRows().get(0), 100L, T0_MS);
        see(tx.getRows().get(0), 150L, T0_MS); // Debezium repeats events after a restart
        cdc.get("configuration").pipeInput("{\"id\":\"c-0\"}", cdcEvent(old.getRows().get(0), "r", 50L, T0_MS));
        cdc.get("configuration_pv").pipeInput("k", cdcEvent(old.getRows().get(1), "c", 60L, T0_MS));
        cdc.get("configuration").pipeInput("k", "not json");
        cdc.get("configuration").pipeInput("k", (String) null);

        assertThat(pending.get("c-1/t-1").getState()).isEqualTo(PendingState.PENDING);
        assertThat(marks.get("c-1/t-1/configuration/c-1")).isEqualTo(100L);
        assertThat(marks.get("c-0/t-0/configuration/c-0")).isNull();
        assertThat(pending.get("c-0/t-0")).isNull();
        assertThat(count()).isEqualTo(1);
        assertThat(confirmed.isEmpty()).isTrue();
    }

    @Test
    void snapshotOfAPendingRowConfirmsIt() {
        // Debezium started after the sink wrote the row: its snapshot read is proof the row is in the database.
        start(false);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS);
        txs.pipeInput("c-1", tx);

        cdc.get("configuration").pipeInput("k", cdcEvent(tx.getRows().get(0), "r", 900L, T0_MS));

        assertThat(confirmed.readValue().getOutcome()).isEqualTo(ConfirmOutcome.COMMITTED);
        assertThat(pending.get("c-1/t-1")).isNull();
    }

    @Test
    void withReplicaCommittedWaitsUntilEveryReplicaReplayedItsLsn() {
        start(true);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS);
        txs.pipeInput("c-1", tx);
        replicas.pipeInput("replica-a", replica("replica-a", 400L));

        see(tx.getRows().get(0), 500L, T0_MS + 5);

        assertThat(confirmed.readValue().getOutcome()).isEqualTo(ConfirmOutcome.COMMITTED);
        assertThat(pending.get("c-1/t-1").getState()).isEqualTo(PendingState.COMMITTED);
        assertThat(pending.get("c-1/t-1").getLsn()).isEqualTo(500L);
        assertThat(pending.get("c-1/t-1").getSeenRows()).isEmpty();
        assertThat(marks.get("c-1/t-1/configuration/c-1")).isNull();

        replicas.pipeInput("replica-a", replica("replica-a", 600L));
        replicas.pipeInput("replica-b", replica("replica-b", 499L));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(confirmed.isEmpty()).isTrue();
        assertThat(pending.get("c-1/t-1")).isNotNull();

        replicas.pipeInput("replica-b", replica("replica-b", 500L));
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(confirmed.readValue()).satisfies(confirmation -> {
            assertThat(confirmation.getOutcome()).isEqualTo(ConfirmOutcome.REPLICATED);
            assertThat(confirmation.getLsn()).isEqualTo(500L);
            assertThat(confirmation.getAtNs()).isEqualTo((T0_MS + 200) * 1_000_000L);
        });
        assertThat(pending.get("c-1/t-1")).isNull();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(confirmed.isEmpty()).isTrue();
    }

    @Test
    void replicaAlreadyPastTheLsnConfirmsAtOnce() {
        start(true);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS);
        txs.pipeInput("c-1", tx);
        replicas.pipeInput("replica-a", replica("replica-a", 1_000L));

        see(tx.getRows().get(0), 500L, T0_MS);

        assertThat(confirmed.readValuesToList()).extracting(OpsConfirmation::getOutcome)
                .containsExactly(ConfirmOutcome.COMMITTED, ConfirmOutcome.REPLICATED);
        assertThat(pending.get("c-1/t-1")).isNull();
    }

    @Test
    void overdueIsReportedOnceAndTheEntryStays() {
        start(false);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS);
        txs.pipeInput("c-1", tx);

        driver.advanceWallClockTime(TIMEOUT.minusMillis(100));
        assertThat(confirmed.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(confirmed.readValue()).satisfies(confirmation -> {
            assertThat(confirmation.getOutcome()).isEqualTo(ConfirmOutcome.OVERDUE);
            assertThat(confirmation.getAtNs()).isEqualTo(T0_NS + TIMEOUT.toNanos());
        });
        assertThat(pending.get("c-1/t-1").getOverdueReported()).isTrue();

        driver.advanceWallClockTime(TIMEOUT);
        assertThat(confirmed.isEmpty()).isTrue();
        assertThat(pending.get("c-1/t-1").getState()).isEqualTo(PendingState.PENDING);

        see(tx.getRows().get(0), 10L, T0_MS);
        assertThat(confirmed.readValue().getOutcome()).isEqualTo(ConfirmOutcome.COMMITTED);
        assertThat(pending.get("c-1/t-1")).isNull();
    }

    @Test
    void committedButNotReplicatedIsReportedOverdueToo() {
        start(true);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS);
        txs.pipeInput("c-1", tx);
        see(tx.getRows().get(0), 10L, T0_MS);
        confirmed.readValue();

        driver.advanceWallClockTime(TIMEOUT);

        assertThat(confirmed.readValue().getOutcome()).isEqualTo(ConfirmOutcome.OVERDUE);
        assertThat(pending.get("c-1/t-1").getState()).isEqualTo(PendingState.COMMITTED);
        replicas.pipeInput("replica-a", replica("replica-a", 10L));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(confirmed.readValue().getOutcome()).isEqualTo(ConfirmOutcome.REPLICATED);
        assertThat(pending.get("c-1/t-1")).isNull();
    }

    @Test
    void twoTransactionsOfOneEntityAreConfirmedInTurn() {
        start(false);
        OpsTransaction first = configurationTx("c-1", "t-1", T0_NS, "A");
        OpsTransaction second = configurationTx("c-1", "t-2", T0_NS + 1, "A");
        txs.pipeInput("c-1", first);
        txs.pipeInput("c-1", second);

        assertThat(PendingScans.forEntity(pending, "c-1")).extracting(e -> e.getTx().getTxId())
                .containsExactly("t-1", "t-2");

        // The sink applies the upserts in order: each row's change event carries its own tx_id.
        see(first.getRows().get(0), 100L, T0_MS);
        see(first.getRows().get(1), 110L, T0_MS);
        assertThat(PendingScans.forEntity(pending, "c-1")).extracting(e -> e.getTx().getTxId()).containsExactly("t-2");

        see(second.getRows().get(0), 200L, T0_MS);
        see(second.getRows().get(1), 210L, T0_MS);
        assertThat(confirmed.readValuesToList()).extracting(OpsConfirmation::getTxId, OpsConfirmation::getLsn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t-1", 110L),
                        org.assertj.core.groups.Tuple.tuple("t-2", 210L));
        assertThat(count()).isZero();
    }

    @Test
    void repeatedTransactionKeepsItsProgressAndIsSentAgain() {
        start(false);
        OpsTransaction tx = configurationTx("c-1", "t-1", T0_NS, "A");
        txs.pipeInput("c-1", tx);
        see(tx.getRows().get(0), 100L, T0_MS);

        txs.pipeInput("c-1", tx); // reprocessed after a crash, or sent twice by the API

        assertThat(marks.get("c-1/t-1/configuration/c-1")).isEqualTo(100L);
        assertThat(marks.get("c-1/t-1/configuration_pv/c-1/A")).isEqualTo(PendingRows.NOT_SEEN);
        assertThat(apply.get("configuration").readValuesToList()).hasSize(2);
    }

    @Test
    void transactionThatFitsNoTableSendsNothingAndStaysPending() {
        start(false);
        OpsTransaction tx = OpsTestRecords.tx("snapshot", "s-1", "t-1", T0_NS,
                List.of(new OpsRow("snapshot", Map.of("id", "s-1"))));

        txs.pipeInput("s-1", tx);

        assertThat(apply.values()).allSatisfy(topic -> assertThat(topic.isEmpty()).isTrue());
        assertThat(pending.get("s-1/t-1").getState()).isEqualTo(PendingState.PENDING);
        driver.advanceWallClockTime(TIMEOUT);
        assertThat(confirmed.readValue().getOutcome()).isEqualTo(ConfirmOutcome.OVERDUE);
    }

    private void see(OpsRow row, long lsn, long tsMs) {
        cdc.get(row.getTable()).pipeInput("{\"id\":\"k\"}", cdcEvent(row, "c", lsn, tsMs));
    }

    private long count() {
        return PendingSummary.of(PendingScans.ofType(pending, "configuration")).count();
    }

    private static ReplicaLsn replica(String name, long replayLsn) {
        return new ReplicaLsn(name, replayLsn, null, T0_NS);
    }
}
