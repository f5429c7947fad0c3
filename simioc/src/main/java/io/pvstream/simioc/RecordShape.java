package io.pvstream.simioc;

import gov.aps.jca.dbr.DBRType;

/**
 * What does not change about one record of the simulated IOC: what another protocol needs to serve it alike.
 *
 * @param type     the native DBR type (ENUM for an enumerated record)
 * @param array    a waveform (its value is an array even of one element)
 * @param metadata units, precision, limits, enum labels
 * @param writable false for a read-only record (puts are refused over every protocol)
 */
public record RecordShape(DBRType type, boolean array, PvMetadata metadata, boolean writable) {
}
