package io.pvstream.ingest.kafka;

import org.apache.avro.specific.SpecificRecord;

import io.pvstream.schemas.avro.IngestHeartbeat;
import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;
import io.pvstream.schemas.serde.Serdes;

/** Serializes an outbound record with the shared serde of its type, on the publish thread. */
final class RecordSerializer {

    private RecordSerializer() {
    }

    static byte[] serialize(OutboundRecord record) {
        SpecificRecord value = record.value();
        String topic = record.topic();
        if (value instanceof PvValue v) {
            return Serdes.PV_VALUE.serialize(topic, v);
        } else if (value instanceof PvMeta m) {
            return Serdes.PV_META.serialize(topic, m);
        } else if (value instanceof PvConnection c) {
            return Serdes.PV_CONNECTION.serialize(topic, c);
        } else if (value instanceof IngestHeartbeat h) {
            return Serdes.INGEST_HEARTBEAT.serialize(topic, h);
        }
        throw new IllegalArgumentException("no serde for " + value.getClass().getName());
    }
}
