package io.pvstream.streams.diff;

import java.util.List;
import java.util.Set;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvChange;
import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvDiff;
import io.pvstream.schemas.avro.PvDiffState;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateUpdate;

/**
 * Turns PV updates into {@link PvDiff}s: forwards one only when {@link ChangeDetector} finds a real change
 * between the state last <em>emitted</em> and the state now. Comparing with the last emitted state rather
 * than the last update is what makes a slow drift below the deadband add up until it is emitted.
 *
 * <p>Stores: {@value Topics.Stores#PV_DIFF_EMITTED} (its own), {@value Topics.Stores#PV_LATEST} and
 * {@value Topics.Stores#PV_CONFIG} (read only). Forwarded records keep the input's key and record time.
 */
public final class PvDiffProcessor implements Processor<String, PvStateUpdate, String, PvDiff> {

    private ProcessorContext<String, PvDiff> context;
    private KeyValueStore<String, PvDiffState> emitted;
    private KeyValueStore<String, PvState> latest;
    private TimestampedKeyValueStore<String, PvConfig> configs;

    @Override
    public void init(ProcessorContext<String, PvDiff> context) {
        this.context = context;
        emitted = context.getStateStore(Topics.Stores.PV_DIFF_EMITTED);
        latest = context.getStateStore(Topics.Stores.PV_LATEST);
        configs = context.getStateStore(Topics.Stores.PV_CONFIG);
    }

    @Override
    public void process(Record<String, PvStateUpdate> record) {
        String name = record.key();
        if (name == null || name.isEmpty() || record.value() == null) {
            return; // PvLatestProcessor logs these; one warning per record is enough
        }
        // The PV's whole state after this update. Applying an update replaces one part, so applying it again
        // gives the same state: this is right whether PvLatestProcessor has stored the update yet or not.
        PvState state = record.value().applyTo(name, latest.get(name));
        if (state == null) {
            emitted.delete(name); // every part was tombstoned: the PV is forgotten, a new one starts afresh
            return;
        }
        if (state.getValue() == null && state.getConnection() == null) {
            return; // metadata alone says nothing a client can watch change
        }
        PvDiffState current = new PvDiffState(state.getValue(), state.getConnection());
        PvDiffState previous = emitted.get(name);
        Set<PvChange> changes = ChangeDetector.changes(previous, current, deadbandOf(name));
        if (changes.isEmpty()) {
            return;
        }
        emitted.put(name, current);
        context.forward(record.withValue(new PvDiff(name, previous, current, List.copyOf(changes))));
    }

    private Double deadbandOf(String name) {
        ValueAndTimestamp<PvConfig> config = configs.get(name);
        return config == null || config.value() == null ? null : config.value().getDeadband();
    }
}
