package io.pvstream.streams.ops;

import java.util.List;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.OpsCdcRow;
import io.pvstream.schemas.avro.PendingTransaction;
import io.pvstream.schemas.avro.ReplicaLsn;
import io.pvstream.schemas.ops.OpsTables;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.StreamsAppConfig;

/**
 * The operations-records part of the topology: buffered transactions wait in a pending store until the
 * database has them.
 * <pre>
 * ops.cdc.public.* ─ parse, key by entity_id ─ repartition ops-cdc-by-entity ─┐
 * ops.tx ────────────────────────────────────────────────────────────────────┴─ merge ─ ops-pending-processor
 *     (stores ops-pending, ops-pending-rows) ─┬─▶ ops.apply.&lt;table&gt;   Connect JSON rows for the JDBC sink
 *                                             └─▶ ops.tx.confirmed      COMMITTED / REPLICATED / OVERDUE
 * ops.replica.lsn ─▶ global store ops-replica-lsn   (only with ops.replica.enabled)
 * </pre>
 * CDC events are keyed by row primary key; re-keyed by entity id and repartitioned with the partition count
 * of {@code ops.tx}, they land in the task whose store holds their transaction. That is the one repartition
 * topic of this part. The CDC topics may be empty (Debezium has not written yet); they must exist, which
 * {@code Topics.all} sees to.
 */
public final class OpsTopology {

    /** Name of the repartition step; the topic is {@code <application.id>-ops-cdc-by-entity-repartition}. */
    public static final String CDC_REPARTITION = "ops-cdc-by-entity";

    private static final Serde<String> STRINGS = org.apache.kafka.common.serialization.Serdes.String();
    private static final Serde<byte[]> BYTES = org.apache.kafka.common.serialization.Serdes.ByteArray();

    private OpsTopology() {
    }

    /** Adds the operations part to {@code builder}; like the rest of the topology, a pure function of config. */
    public static void addTo(StreamsBuilder builder, StreamsAppConfig config) {
        OpsSettings settings = OpsSettings.from(config);
        builder.addStateStore(pendingStore());
        builder.addStateStore(pendingRowsStore());
        if (settings.replicaEnabled()) {
            builder.globalTable(Topics.OPS_REPLICA_LSN,
                    Consumed.with(STRINGS, Serdes.REPLICA_LSN).withName("ops-replica-lsn-source"),
                    Materialized.<String, ReplicaLsn, KeyValueStore<Bytes, byte[]>>as(Topics.Stores.OPS_REPLICA_LSN)
                            .withKeySerde(STRINGS).withValueSerde(Serdes.REPLICA_LSN)
                            .withCachingDisabled());
        }

        KStream<String, OpsInput> buffered = builder
                .stream(Topics.OPS_TX, Consumed.with(STRINGS, Serdes.OPS_TRANSACTION).withName("ops-tx-source"))
                .mapValues(OpsInput.Buffered::new, Named.as("ops-tx-to-input"));
        KStream<String, OpsInput> seen = builder
                .stream(cdcTopics(), Consumed.with(BYTES, BYTES).withName("ops-cdc-source"))
                .flatMap(CdcEvents::byEntity, Named.as("ops-cdc-by-entity-key"))
                .repartition(Repartitioned.<String, OpsCdcRow>as(CDC_REPARTITION)
                        .withKeySerde(STRINGS).withValueSerde(Serdes.OPS_CDC_ROW)
                        .withNumberOfPartitions(settings.partitions()))
                .mapValues(OpsInput.RowSeen::new, Named.as("ops-cdc-to-input"));

        KStream<String, OpsOutput> out = buffered.merge(seen, Named.as("ops-inputs-merge"))
                .process(() -> new OpsPendingProcessor(settings), Named.as("ops-pending-processor"),
                        Topics.Stores.OPS_PENDING, Topics.Stores.OPS_PENDING_ROWS);
        route(out);
    }

    /** One named branch and sink per apply topic, one for confirmations: every output topic shows in describe(). */
    private static void route(KStream<String, OpsOutput> out) {
        BranchedKStream<String, OpsOutput> branches = out.split(Named.as("ops-out-"));
        for (OpsTables.Table table : OpsTables.ALL) {
            String name = table.name();
            branches = branches.branch(
                    (key, value) -> value instanceof OpsOutput.Apply apply && apply.record().table().equals(name),
                    Branched.withConsumer(rows -> rows
                            .mapValues(value -> ((OpsOutput.Apply) value).record().valueJson(),
                                    Named.as("ops-apply-" + name + "-json"))
                            .to(Topics.opsApplyTopic(name),
                                    Produced.with(STRINGS, STRINGS).withName("ops-apply-" + name + "-sink")),
                            "apply-" + name));
        }
        branches.branch((key, value) -> value instanceof OpsOutput.Confirmed,
                        Branched.withConsumer(confirmed -> confirmed
                                .mapValues(value -> ((OpsOutput.Confirmed) value).confirmation(),
                                        Named.as("ops-confirmation"))
                                .to(Topics.OPS_TX_CONFIRMED, Produced.with(STRINGS, Serdes.OPS_CONFIRMATION)
                                        .withName("ops-tx-confirmed-sink")), "confirmed"))
                .noDefaultBranch();
    }

    private static List<String> cdcTopics() {
        return OpsTables.ALL.stream().map(table -> Topics.opsCdcTopic(table.name())).toList();
    }

    /** Per-row progress of the pending entries (see {@link PendingRows}); persistent and logged like them. */
    private static StoreBuilder<KeyValueStore<String, Long>> pendingRowsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.Stores.OPS_PENDING_ROWS),
                STRINGS, org.apache.kafka.common.serialization.Serdes.Long());
    }

    /** Persistent and logged: a moved or restarted task gets its pending entries back from the changelog. */
    private static StoreBuilder<KeyValueStore<String, PendingTransaction>> pendingStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Topics.Stores.OPS_PENDING),
                STRINGS, Serdes.PENDING_TRANSACTION);
    }
}
