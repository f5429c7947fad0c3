package io.pvstream.ingest;

import java.util.List;

import gov.aps.jca.dbr.DBR;
import io.pvstream.ingest.ca.DbrConverter;

import io.pvstream.schemas.avro.PvConnection;
import io.pvstream.schemas.avro.PvMeta;
import io.pvstream.schemas.avro.PvValue;

/**
 * Where the CA side hands its records. Called on CAJ callback threads and the channel control
 * thread, so implementations must never block (the Kafka one only offers to a buffer).
 */
public interface PvRecordSink {

    void value(PvValue value);

    /**
     * A monitor update as CAJ delivered it (a DBR_TIME_*), called for every update. By default converted here;
     * the Kafka sink defers the conversion to its publish thread.
     *
     * @param enumLabels labels of an ENUM PV from its latest metadata; empty if unknown
     */
    default void value(String name, DBR dbr, List<String> enumLabels) {
        value(DbrConverter.toPvValue(name, dbr, enumLabels));
    }

    void meta(PvMeta meta);

    void connection(PvConnection connection);
}
