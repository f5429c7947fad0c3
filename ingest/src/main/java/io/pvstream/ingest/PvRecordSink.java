package io.pvstream.ingest;

import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;

/**
 * Where the CA side hands its records. Called on CAJ callback threads and the channel control
 * thread, so implementations must never block (the Kafka one only offers to a buffer).
 */
public interface PvRecordSink {

    void value(PvValue value);

    void meta(PvMeta meta);

    void connection(PvConnection connection);
}
