package io.pvstream.streams.archive;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.streams.diff.DiffSerdes;

/**
 * The archive branch of the topology:
 * <pre>
 * pv.diffs ─ ArchiveProcessor ─▶ pv.archive   (Connect JSON rows for the archive JDBC sink → pv_archive)
 *               │ reads pv-config (archive deadband, monitor mask); writes pv-archived
 * </pre>
 * It reads pv.diffs back from Kafka rather than tapping the diff processor: the archive is exactly what the change
 * stream published, and the diff code knows nothing of it. pv.diffs is keyed by PV name with the PV topics' partition
 * count, so joining the pv-config store puts this branch in the PV sub-topology: co-partitioned, no repartition
 * topic. Needs the {@value Topics.Stores#PV_CONFIG} store (added by the diff branch).
 */
public final class ArchiveTopology {

    private static final Serde<String> STRINGS = org.apache.kafka.common.serialization.Serdes.String();

    private ArchiveTopology() {
    }

    public static void addTo(StreamsBuilder builder) {
        builder.addStateStore(archivedStore());
        builder.stream(Topics.PV_DIFFS, Consumed.with(STRINGS, DiffSerdes.PV_DIFF).withName("pv-diffs-archive-source"))
                .process(ArchiveProcessor::new, Named.as("pv-archive-processor"), Topics.Stores.PV_ARCHIVED,
                        Topics.Stores.PV_CONFIG)
                .to(Topics.PV_ARCHIVE, Produced.with(STRINGS, STRINGS).withName("pv-archive-sink"));
    }

    /** Persistent and logged: a moved task must not archive every PV again as if it were new. */
    private static StoreBuilder<KeyValueStore<String, PvDiffState>> archivedStore() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Topics.Stores.PV_ARCHIVED), STRINGS, DiffSerdes.PV_DIFF_STATE);
    }
}
