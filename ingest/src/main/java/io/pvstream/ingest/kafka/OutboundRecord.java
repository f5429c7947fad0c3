package io.pvstream.ingest.kafka;

/**
 * A record waiting to be published: topic, key (PV name or instance id) and value, either an Avro record or a
 * {@link MonitorUpdate} that the publish thread encodes straight to {@code PvValue} bytes.
 * {@link #slot()} is its coalescing key: under overload a newer record of the same slot replaces it.
 */
public record OutboundRecord(String topic, String key, Object value) {

    /** Coalescing key: the same PV on the same topic. */
    public record Slot(String topic, String key) {
    }

    public Slot slot() {
        return new Slot(topic, key);
    }
}
