package io.pvstream.ingest.kafka;

import java.util.List;

import gov.aps.jca.dbr.DBR;

/**
 * A CA monitor update as CAJ delivered it, waiting in the publish buffer. The CA callback only wraps it: the
 * publish thread encodes it ({@link PvValueEncoder}), so a callback costs one small object and no conversion.
 * CAJ decodes every event into a new DBR, so holding on to it is safe.
 *
 * @param enumLabels labels of an ENUM PV from its metadata at the time of the update; empty if unknown
 */
public record MonitorUpdate(DBR dbr, List<String> enumLabels) {
}
