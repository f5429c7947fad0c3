package io.pvstream.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvState;

/**
 * Applies each {@link PvStateUpdate} to the PV's entry in the {@value Topics.Stores#PV_LATEST} store.
 * Forwards nothing: the store is the output, read by interactive queries. An update that changes nothing
 * (e.g. a new deadband in pv.config) writes nothing.
 */
public final class PvLatestProcessor implements Processor<String, PvStateUpdate, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(PvLatestProcessor.class);

    private final StorePositions positions;
    private KeyValueStore<String, PvState> store;
    private ProcessorContext<Void, Void> context;
    private StorePositions.Partition position;

    /** @param positions where this processor tells how far its partition's store has got */
    public PvLatestProcessor(StorePositions positions) {
        this.positions = positions;
    }

    public PvLatestProcessor() {
        this(new StorePositions());
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(Topics.Stores.PV_LATEST);
        position = positions.partition(context.taskId().partition());
    }

    @Override
    public void process(Record<String, PvStateUpdate> record) {
        String name = record.key();
        if (name == null || name.isEmpty() || record.value() == null) {
            // Every PV topic is keyed by PV name; a record without one cannot be stored anywhere.
            log.warn("dropping a PV update without a key: {}", record.value());
            return;
        }
        PvState previous = store.get(name);
        // The record time of a pv.values record is the broker's append time: when the value was received.
        PvState next = record.value().applyTo(name, previous, record.timestamp() * 1_000_000L);
        if (next == null && previous != null) {
            store.delete(name);
        } else if (next != null && next != previous) {
            store.put(name, next);
        }
        context.recordMetadata().ifPresent(source -> position.applied(source.topic(), source.offset()));
    }
}
