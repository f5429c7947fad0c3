package io.pvstream.query.ws;

/**
 * One PV's write result in a restore job (from pv.write.results), encoded once as the JSON object of a result page
 * of {@code GET /api/v1/jobs/{id}}, shared by every client that watches the job.
 *
 * @param attempt     the job attempt that wrote it: a result of a later attempt replaces an earlier one
 * @param completedNs when it was decided: of two results of one attempt, the later wins
 */
record EncodedJobResult(String jobId, String pvName, int attempt, long completedNs, String json) {

    /** The one that stands of two results of one PV in one job: the later attempt, then the later decision. */
    static EncodedJobResult newer(EncodedJobResult older, EncodedJobResult later) {
        if (later.attempt() != older.attempt()) {
            return later.attempt() > older.attempt() ? later : older;
        }
        return later.completedNs() >= older.completedNs() ? later : older;
    }
}
