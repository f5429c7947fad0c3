package io.pvstream.simioc;

import java.time.Instant;

/**
 * What one record of the simulated IOC holds after a change, as every protocol that serves it must show it.
 *
 * @param value     as {@link SimulatedIoc#value} gives it: a boxed scalar (Short index for an ENUM) or an array copy
 * @param timestamp the record's processing time, the one CA sends (to the nanosecond)
 * @param alarm     severity and CA status
 */
public record RecordState(Object value, Instant timestamp, AlarmState alarm) {
}
