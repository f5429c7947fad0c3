package io.pvstream.ingest.kafka;

import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.serde.Serdes;

/**
 * Serializes an outbound record on the publish thread: CA monitor updates with the ingest's own
 * {@link PvValueEncoder} (same bytes, no intermediate objects), everything else with the shared serde of its type.
 * Not thread-safe: one per publish thread.
 */
final class RecordSerializer {

    private final PvValueEncoder values = new PvValueEncoder();

    byte[] serialize(OutboundRecord record) {
        Object value = record.value();
        String topic = record.topic();
        if (value instanceof MonitorUpdate update) {
            return values.encode(record.key(), update.dbr(), update.enumLabels());
        } else if (value instanceof PvValue v) {
            return Serdes.PV_VALUE.serialize(topic, v);
        } else if (value instanceof PvMeta m) {
            return Serdes.PV_META.serialize(topic, m);
        } else if (value instanceof PvConnection c) {
            return Serdes.PV_CONNECTION.serialize(topic, c);
        } else if (value instanceof IngestHeartbeat h) {
            return Serdes.INGEST_HEARTBEAT.serialize(topic, h);
        }
        throw new IllegalArgumentException("no serde for " + (value == null ? "null" : value.getClass().getName()));
    }
}
