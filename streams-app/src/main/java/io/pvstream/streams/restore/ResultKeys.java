package io.pvstream.streams.restore;

/**
 * Keys of the {@code restore-job-results} store: {@code jobId/pvName}, so one prefix scan reads a job's results.
 * Job ids are UUIDs (no '/'), so the prefix of one job never matches another's keys.
 */
final class ResultKeys {

    private ResultKeys() {
    }

    static String of(String jobId, String pvName) {
        return prefix(jobId) + pvName;
    }

    static String prefix(String jobId) {
        return jobId + "/";
    }
}
