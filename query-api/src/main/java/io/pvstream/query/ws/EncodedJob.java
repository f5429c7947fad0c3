package io.pvstream.query.ws;

/**
 * A job's progress encoded once as a {@code {"type":"job",...}} message, shared by every client that watches the job.
 *
 * @param updatedNs when the progress last changed: of two versions of a job, the newer wins
 */
record EncodedJob(String jobId, long updatedNs, String json) {

    /** The newer of two versions of one job (the later one on a tie: it was read later). */
    static EncodedJob newer(EncodedJob older, EncodedJob later) {
        return later.updatedNs() >= older.updatedNs() ? later : older;
    }
}
