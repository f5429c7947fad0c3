package io.pvstream.streams.archive;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.StoreBuilder;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.streams.ObjectStore;
import io.pvstream.streams.ObjectStoreBuilder;
import io.pvstream.streams.StreamsAppConfig;
import io.pvstream.streams.diff.DiffSerdes;

/**
 * The archive branch of the topology:
 * <pre>
 * PvDiffProcessor ─┬─▶ pv.diffs
 *                  └─ ArchiveProcessor ─▶ pv.archive   (Connect JSON rows for the archive JDBC sink → pv_archive)
 *                       │ reads pv-config (archive deadband, monitor mask); writes pv-archived
 * </pre>
 * It takes the diffs from the diff processor in the same task, the very records that go to pv.diffs, so the archive
 * is exactly what the change stream published. It used to read pv.diffs back from Kafka: that cost a produce, a fetch
 * and a decode per diff, and made every task wait for its pv.diffs partition to be fetched before it could go on
 * (the task's inputs are processed in time order), which left the stream thread idle most of the time. The diff
 * code still knows nothing of the archive. Needs the {@value Topics.Stores#PV_CONFIG} store (added by the diff
 * branch).
 */
public final class ArchiveTopology {

    private static final Serde<String> STRINGS = org.apache.kafka.common.serialization.Serdes.String();

    private ArchiveTopology() {
    }

    /** @param diffs the diff processor's output (PV name → PvDiff) */
    public static void addTo(StreamsBuilder builder, KStream<String, PvDiff> diffs, StreamsAppConfig config) {
        builder.addStateStore(archivedStore(config));
        diffs.process(ArchiveProcessor::new, Named.as("pv-archive-processor"), Topics.Stores.PV_ARCHIVED,
                        Topics.Stores.PV_CONFIG)
                .to(Topics.PV_ARCHIVE, Produced.with(STRINGS, STRINGS).withName("pv-archive-sink"));
    }

    /**
     * Persistent and logged: a moved task must not archive every PV again as if it were new. Read and written by the
     * archive processor alone, so kept as objects ({@link ObjectStore}).
     */
    private static StoreBuilder<ObjectStore<PvDiffState>> archivedStore(StreamsAppConfig config) {
        return ObjectStoreBuilder.owned(Topics.Stores.PV_ARCHIVED, DiffSerdes.PV_DIFF_STATE,
                config.getInt(StreamsAppConfig.STATE_OBJECTS_PER_TASK));
    }
}
