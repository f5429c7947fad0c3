package io.pvstream.streams.diff;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.StoreBuilder;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.serde.Serdes;
import io.pvstream.streams.ObjectStore;
import io.pvstream.streams.ObjectStoreBuilder;
import io.pvstream.streams.PvStateUpdate;
import io.pvstream.streams.StreamsAppConfig;
import io.pvstream.streams.pvconfig.PvConfigProcessor;

/**
 * The change-stream branch of the topology:
 * <pre>
 * PV updates (merged) ─ PvDiffProcessor ─▶ pv.diffs
 *                          │ reads pv-latest, pv-config; writes pv-diff-emitted
 * pv.config ─▶ PvConfigProcessor, store pv-config (deadbands) ─▶ the config changes
 * </pre>
 * pv.config is keyed by PV name with the PV topics' partition count, so connecting its store to the
 * processor puts it in the PV sub-topology: co-partitioned, no repartition topic.
 */
public final class PvDiffTopology {

    private static final Serde<String> STRING_KEYS = org.apache.kafka.common.serialization.Serdes.String();

    private PvDiffTopology() {
    }

    /**
     * What other branches build on.
     *
     * @param configChanges every pv.config record once it is in the store, tombstones included (a topic can have
     *                      only one source: others that need pv.config use this)
     * @param diffs         the diffs as they go to pv.diffs, for branches that derive from them in the same task
     */
    public record Branches(KStream<String, PvConfig> configChanges, KStream<String, PvDiff> diffs) {
    }

    /**
     * @param updates the merged PV updates; the {@value Topics.Stores#PV_LATEST} store must already be added
     */
    public static Branches addTo(StreamsBuilder builder, KStream<String, PvStateUpdate> updates,
                                 StreamsAppConfig config) {
        // The diff and archive processors read a PV's config for every update: kept as objects, a get is a hash
        // lookup (a KTable's store decoded it each time, a RocksDB get took 16 % of the stream thread before that).
        builder.addStateStore(ObjectStoreBuilder.owned(Topics.Stores.PV_CONFIG, Serdes.PV_CONFIG,
                config.getInt(StreamsAppConfig.STATE_OBJECTS_PER_TASK)));
        KStream<String, PvConfig> configChanges = builder
                .stream(Topics.PV_CONFIG, Consumed.with(STRING_KEYS, Serdes.PV_CONFIG).withName("pv-config-source"))
                .process(PvConfigProcessor::new, Named.as("pv-config-processor"), Topics.Stores.PV_CONFIG);
        builder.addStateStore(emittedStore(config));
        KStream<String, PvDiff> diffs = updates.process(PvDiffProcessor::new, Named.as("pv-diff-processor"),
                Topics.Stores.PV_DIFF_EMITTED, Topics.Stores.PV_LATEST, Topics.Stores.PV_CONFIG);
        diffs.to(Topics.PV_DIFFS, Produced.with(STRING_KEYS, DiffSerdes.PV_DIFF).withName("pv-diffs-sink"));
        return new Branches(configChanges, diffs);
    }

    /**
     * Persistent and logged: a moved task must not emit a FIRST diff for every PV again. Read and written by the diff
     * processor alone, so kept as objects ({@link ObjectStore}).
     */
    private static StoreBuilder<ObjectStore<PvDiffState>> emittedStore(StreamsAppConfig config) {
        return ObjectStoreBuilder.owned(Topics.Stores.PV_DIFF_EMITTED, DiffSerdes.PV_DIFF_STATE,
                config.getInt(StreamsAppConfig.STATE_OBJECTS_PER_TASK));
    }
}
