package io.pvstream.streams.archive;

import java.util.Set;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;

/**
 * Turns diffs (the records the diff processor sends to pv.diffs) into archive samples: forwards the Connect JSON row of
 * a diff when {@link ArchiveRules} says the archive keeps it, and remembers what it archived per PV in
 * {@value Topics.Stores#PV_ARCHIVED} (so the archive deadband compares with the last <em>archived</em> value). Reads
 * {@value Topics.Stores#PV_CONFIG}. Forwarded records keep the PV name as key and the diff's record time.
 */
public final class ArchiveProcessor implements Processor<String, PvDiff, String, String> {

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, PvDiffState> archived;
    private KeyValueStore<String, PvConfig> configs;

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        archived = context.getStateStore(Topics.Stores.PV_ARCHIVED);
        configs = context.getStateStore(Topics.Stores.PV_CONFIG);
    }

    @Override
    public void process(Record<String, PvDiff> record) {
        String name = record.key();
        PvDiff diff = record.value();
        if (name == null || name.isEmpty() || diff == null || diff.getCurrent() == null) {
            return;
        }
        PvDiffState current = diff.getCurrent();
        Set<PvChange> changes = ArchiveRules.changes(archived.get(name), current, configOf(name));
        if (changes.isEmpty()) {
            return;
        }
        archived.put(name, current);
        context.forward(record.withValue(ArchiveRows.json(ArchiveSample.of(name, current, changes))));
    }

    private PvConfig configOf(String name) {
        return configs.get(name);
    }
}
