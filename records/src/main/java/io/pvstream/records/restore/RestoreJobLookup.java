package io.pvstream.records.restore;

import java.util.List;
import java.util.Optional;


/**
 * The port through which restore reads a job: its progress and results's progress and results, from whichever instance owns the job (read locally, or asked of the
 * owner over HTTP). For code of the API that needs a job, e.g. a retry of its failed PVs: those are the results
 * with {@link PvResultView#needsRetry()}. Blocking (it may ask another instance).
 *
 * <p>Throws {@link io.pvstream.records.DomainException.Unavailable} or {@code StoreNotReadyException} when the owner cannot answer now
 * (starting, rebalancing, another instance down); the HTTP layer turns both into 503 with Retry-After.
 */
public interface RestoreJobLookup {

    /** The job's current progress; empty for an unknown job. */
    Optional<JobView> progress(String jobId);

    /** The latest result of every PV of the job that has one, failed first; empty for an unknown job. */
    List<PvResultView> results(String jobId);
}
