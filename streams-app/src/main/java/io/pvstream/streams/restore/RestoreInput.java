package io.pvstream.streams.restore;

import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.RestoreJob;

/**
 * What reaches the job processor, both keyed by job id: a job record from {@code restore.jobs} or a PV's result
 * from {@code pv.write.results}. One merged stream, so one processor owns both stores of a job.
 */
sealed interface RestoreInput {

    /** A job as started or retried; null for a tombstone. */
    record JobStarted(RestoreJob job) implements RestoreInput {
    }

    /** One PV's outcome; null for a tombstone. */
    record WriteResult(PvWriteResult result) implements RestoreInput {
    }
}
