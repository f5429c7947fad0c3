package io.pvstream.records.restore;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.schemas.avro.RestoreJob;

/**
 * Restore jobs: start one from a saved snapshot, or retry a finished job's failed PVs. Plans the writes
 * ({@link RestorePlanner}) and launches the job in one Kafka transaction; the ingest writes and verifies, the
 * streams-app tracks progress. The one owner of the restore flow; the HTTP routes only parse and render.
 */
public interface RestoreService {

    /** A job just launched and its plan. */
    record Started(RestoreJob job, RestorePlanner.Plan plan) {
    }

    /**
     * @param pvs    the PV names of the snapshot to restore (a JSON array), or null for all
     * @param author who starts it, or null
     */
    Started start(String snapshotId, JsonNode pvs, boolean dryRun, String author);

    /** The next attempt of a finished job, for its failed PVs only. */
    Started retry(String jobId, String author);
}
