package io.pvstream.streams.pvconfig;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pvstream.schemas.Topics;
import io.pvstream.schemas.avro.PvConfig;

/**
 * Keeps pv.config in the {@value Topics.Stores#PV_CONFIG} store (a tombstone deletes) and forwards every change, as
 * a KTable of the topic would. Why not a KTable: its store hands out bytes, so the diff and archive processors
 * decoded a PV's config twice per update (10 % of the stream thread, bench pipeline, async-profiler); this store is
 * an {@link io.pvstream.streams.ObjectStore}, whose gets are hash lookups.
 */
public final class PvConfigProcessor implements Processor<String, PvConfig, String, PvConfig> {

    private static final Logger log = LoggerFactory.getLogger(PvConfigProcessor.class);

    private ProcessorContext<String, PvConfig> context;
    private KeyValueStore<String, PvConfig> configs;

    @Override
    public void init(ProcessorContext<String, PvConfig> context) {
        this.context = context;
        configs = context.getStateStore(Topics.Stores.PV_CONFIG);
    }

    @Override
    public void process(Record<String, PvConfig> record) {
        if (record.key() == null || record.key().isEmpty()) {
            log.warn("a pv.config record without a PV name is skipped");
            return;
        }
        configs.put(record.key(), record.value()); // null: delete
        context.forward(record);
    }
}
