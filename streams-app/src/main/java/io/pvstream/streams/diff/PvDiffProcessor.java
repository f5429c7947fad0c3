package io.pvstream.streams.diff;

import java.util.List;
import java.util.Objects;
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
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateUpdate;
import io.pvstream.streams.PvStateUpdate.MetaUpdate;
import io.pvstream.streams.PvStateUpdate.ValueUpdate;

/**
 * Turns PV updates into {@link PvDiff}s: forwards one only when {@link ChangeDetector} finds a real change
 * between the state last <em>emitted</em> and the state now. Comparing with the last emitted state rather
 * than the last update is what makes a slow drift below the deadband add up until it is emitted.
 *
 * <p>Stores: {@value Topics.Stores#PV_DIFF_EMITTED} (its own: the last emitted value with the latest
 * connection), {@value Topics.Stores#PV_LATEST} and {@value Topics.Stores#PV_CONFIG} (read only). Forwarded records keep the input's key and record time.
 */
public final class PvDiffProcessor implements Processor<String, PvStateUpdate, String, PvDiff> {

    private ProcessorContext<String, PvDiff> context;
    private KeyValueStore<String, PvDiffState> emitted;
    private KeyValueStore<String, PvState> latest;
    private KeyValueStore<String, PvConfig> configs;

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
        PvStateUpdate update = record.value();
        if (name == null || name.isEmpty() || update == null || update instanceof MetaUpdate) {
            return; // metadata is no change a client watches; keyless records are logged by PvLatestProcessor
        }
        PvDiffState previous = emitted.get(name);
        PvDiffState current = currentState(name, update, previous);
        if (current.getValue() == null && current.getConnection() == null) {
            emitted.delete(name); // nothing watchable is left: the PV is forgotten, a new one starts afresh
            return;
        }
        Set<PvChange> changes = ChangeDetector.changes(previous, current, deadbandOf(name));
        if (changes.isEmpty()) {
            if (!Objects.equals(current.getConnection(), previous.getConnection())) {
                // Same connected flag, new server or instance: keep the stored connection current, quietly.
                emitted.put(name, new PvDiffState(previous.getValue(), current.getConnection()));
            }
            return;
        }
        emitted.put(name, current);
        context.forward(record.withValue(new PvDiff(name, previous, current, List.copyOf(changes))));
    }

    /**
     * The PV's value and connection after this update. The stored state keeps the last emitted value (so drifts
     * add up) but always the latest connection, so a value update, the common case, needs no other read.
     * Otherwise the latest value comes from pv-latest: applying the update there again gives the same state
     * (an update replaces one part), so this is right whether PvLatestProcessor has stored it yet or not.
     */
    private PvDiffState currentState(String name, PvStateUpdate update, PvDiffState previous) {
        if (update instanceof ValueUpdate valueUpdate && previous != null) {
            return new PvDiffState(valueUpdate.value(), previous.getConnection());
        }
        PvState state = update.applyTo(name, latest.get(name));
        return state == null ? new PvDiffState(null, null) : new PvDiffState(state.getValue(), state.getConnection());
    }

    private Double deadbandOf(String name) {
        PvConfig config = configs.get(name);
        return config == null ? null : config.getDeadband();
    }
}
