package io.pvstream.ingest.kafka;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record waiting to be published: topic, key (PV name or instance id) and Avro value.
 * {@link #slot()} is its coalescing key: under overload a newer record of the same slot replaces it.
 */
public record OutboundRecord(String topic, String key, SpecificRecord value) {

    /** Coalescing key: the same PV on the same topic. */
    public record Slot(String topic, String key) {
    }

    public Slot slot() {
        return new Slot(topic, key);
    }
}
