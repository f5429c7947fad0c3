package io.pvstream.ingest;

import java.util.Set;

/**
 * A snapshot of an ingest instance's state and counters.
 *
 * @param pvCount            PVs this instance monitors (those of its assigned pv.config partitions)
 * @param connectedCount     of those, PVs whose channel is connected
 * @param publishedTotal     records Kafka acknowledged since start
 * @param coalescedTotal     updates replaced by a newer one of the same PV under overload since start
 * @param publishErrorsTotal records Kafka failed to accept since start
 * @param partitions         pv.config partitions assigned to this instance
 */
public record IngestStats(String instance, int pvCount, int connectedCount, long publishedTotal,
                          long coalescedTotal, long publishErrorsTotal, Set<Integer> partitions) {
}
