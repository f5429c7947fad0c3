package io.pvstream.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.archive.ArchiveTopology;
import io.pvstream.streams.ops.OpsTopology;
import io.pvstream.streams.diff.PvDiffTopology;
import io.pvstream.streams.restore.RestoreTopology;
import io.pvstream.streams.watchdog.WatchdogTopology;

/**
 * The streams-app topology:
 * <pre>
 * pv.values ──┐
 * pv.meta ────┼─ mapValues to PvStateUpdate ─ merge ─┬─────────── PvDiffProcessor ─▶ pv.diffs (only real changes)
 * pv.connections ┘                                    └─ merge ─┬─ PvLatestProcessor ─▶ store pv-latest (PV → PvState)
 * pv.config ─▶ PvConfigProcessor, store pv-config (deadbands) ─┘ └─ StaleWatchdog ─▶ store pv-stale (stale PVs)
 * PvDiffProcessor's diffs ─ ArchiveProcessor (reads pv-config, store pv-archived) ─▶ pv.archive (see ArchiveTopology)
 * ingest.heartbeats ─▶ global store ingest-heartbeats (instance → IngestHeartbeat)
 * restore.jobs + pv.write.results ─▶ restore-job-processor ─▶ restore.job.progress (see RestoreTopology)
 * </pre>
 * The PV topics (pv.config included) are co-partitioned and keyed by PV name and no step changes the
 * key, so the whole PV path is one sub-topology with no repartition topic. Every node is named, so store and
 * changelog names stay stable when the topology grows.
 */
public final class PvTopology {

    private static final Serde<String> STRING_KEYS = org.apache.kafka.common.serialization.Serdes.String();

    private PvTopology() {
    }

    /**
     * A pure function of the configuration; nothing is started.
     *
     * @param config the place for options that shape the topology (none yet: every instance must build
     *               the same topology, so such options are deployment-wide)
     */
    public static Topology buildTopology(StreamsAppConfig config) {
        return buildTopology(config, new StorePositions());
    }

    /**
     * @param positions where the PV store tells how far it has got (read by {@link PvStateQueries} for snapshots)
     */
    public static Topology buildTopology(StreamsAppConfig config, StorePositions positions) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(pvLatestStore(config));

        KStream<String, PvStateUpdate> values = builder
                .stream(Topics.PV_VALUES, Consumed.with(STRING_KEYS, Serdes.PV_VALUE).withName("pv-values-source"))
                .mapValues(PvStateUpdate.ValueUpdate::new, Named.as("pv-values-to-update"));
        KStream<String, PvStateUpdate> meta = builder
                .stream(Topics.PV_META, Consumed.with(STRING_KEYS, Serdes.PV_META).withName("pv-meta-source"))
                .mapValues(PvStateUpdate.MetaUpdate::new, Named.as("pv-meta-to-update"));
        KStream<String, PvStateUpdate> connections = builder
                .stream(Topics.PV_CONNECTIONS,
                        Consumed.with(STRING_KEYS, Serdes.PV_CONNECTION).withName("pv-connections-source"))
                .mapValues(PvStateUpdate.ConnectionUpdate::new, Named.as("pv-connections-to-update"));

        KStream<String, PvStateUpdate> updates = values.merge(meta, Named.as("pv-values-meta-merge"))
                .merge(connections, Named.as("pv-updates-merge"));
        PvDiffTopology.Branches diffBranches = PvDiffTopology.addTo(builder, updates, config);
        // pv.config changes reach the PV's state (a tombstone marks it removed), not the diffs
        KStream<String, PvStateUpdate> stateUpdates = updates.merge(diffBranches.configChanges()
                        .mapValues(PvStateUpdate.ConfigUpdate::new, Named.as("pv-config-to-update")),
                Named.as("pv-state-updates-merge"));
        stateUpdates.process(() -> new PvLatestProcessor(positions), Named.as("pv-latest-processor"),
                Topics.Stores.PV_LATEST);
        WatchdogTopology.addTo(builder, stateUpdates, config);
        ArchiveTopology.addTo(builder, diffBranches.diffs(), config); // needs the pv-config store above

        builder.globalTable(Topics.INGEST_HEARTBEATS,
                Consumed.with(STRING_KEYS, Serdes.INGEST_HEARTBEAT).withName("ingest-heartbeats-source"),
                Materialized.<String, IngestHeartbeat, KeyValueStore<Bytes, byte[]>>as(Topics.Stores.INGEST_HEARTBEATS)
                        .withKeySerde(STRING_KEYS)
                        .withValueSerde(Serdes.INGEST_HEARTBEAT)
                        .withCachingDisabled());
        OpsTopology.addTo(builder, config);
        RestoreTopology.addTo(builder, config);
        return builder.build();
    }

    /**
     * Persistent, and logged to a changelog, so a moved or restarted task rebuilds it from Kafka. Kept as objects
     * ({@link ObjectStore}): a PV's updates between two commits reach RocksDB and the changelog once, and interactive
     * queries see each at once.
     */
    private static StoreBuilder<ObjectStore<PvState>> pvLatestStore(StreamsAppConfig config) {
        return ObjectStoreBuilder.queried(Topics.Stores.PV_LATEST, Serdes.PV_STATE,
                config.getInt(StreamsAppConfig.STATE_OBJECTS_PER_TASK));
    }
}
