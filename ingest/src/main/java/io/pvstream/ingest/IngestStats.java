package io.pvstream.ingest;

import java.util.List;
import java.util.Set;

import io.pvstream.schemas.avro.PvError;

/**
 * A snapshot of an ingest instance's state and counters.
 *
 * @param pvCount            PVs this instance monitors (those of its assigned pv.config partitions)
 * @param connectedCount     of those, PVs whose channel is connected
 * @param publishedTotal     records Kafka acknowledged since start
 * @param coalescedTotal     updates replaced by a newer one of the same PV under overload since start
 * @param publishErrorsTotal records Kafka failed to accept since start
 * @param partitions         pv.config partitions assigned to this instance
 * @param pvErrorCount       PVs connected but not value-monitored (e.g. a waveform above ca.max.array.bytes)
 * @param pvErrors           the first of those, by name, with their error
 */
public record IngestStats(String instance, int pvCount, int connectedCount, long publishedTotal,
                          long coalescedTotal, long publishErrorsTotal, Set<Integer> partitions,
                          int pvErrorCount, List<PvError> pvErrors) {

    /** Stats without PV errors. */
    public IngestStats(String instance, int pvCount, int connectedCount, long publishedTotal, long coalescedTotal,
                       long publishErrorsTotal, Set<Integer> partitions) {
        this(instance, pvCount, connectedCount, publishedTotal, coalescedTotal, publishErrorsTotal, partitions, 0,
                List.of());
    }
}
