package io.pvstream.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The end of a restore: the job's outcome, the PVs that failed or were not verified, and the exit code. */
final class RestoreReport {

    private static final int LISTED = 1000;

    private final ApiClient api;
    private final Output output;
    private final PrintStream err;

    RestoreReport(ApiClient api, Output output, PrintStream err) {
        this.api = api;
        this.output = output;
        this.err = err;
    }

    /** @return 0 when the job SUCCEEDED, else 1 (FAILED, TIMED_OUT, and PARTIAL: PVs it meant to write were skipped) */
    int report(String jobId, JsonNode progress) {
        // failed first in the result pages: the first page holds them unless there are more than LISTED
        JsonNode detail = api.get("/api/v1/jobs/" + ApiClient.segment(jobId) + "?limit=" + LISTED);
        JsonNode job = detail.path("job");
        List<JsonNode> bad = new ArrayList<>();
        for (JsonNode result : detail.path("results").path("items")) {
            String category = result.path("category").asText();
            String outcome = result.path("outcome").asText();
            // what made the job not SUCCEEDED: failures, unverified writes, and PVs skipped against intent (PARTIAL)
            if (category.equals("FAILED") || category.equals("NOT_VERIFIED") || outcome.equals("SKIPPED_NO_VALUE")
                    || outcome.equals("SKIPPED_NO_WRITE_ACCESS")) {
                bad.add(result);
            }
        }
        String state = job.path("state").asText(progress.path("state").asText());
        if (output.json()) {
            output.json(detail);
        } else {
            output.line("job " + jobId + " " + state + ": total " + job.path("total").asInt() + ", verified "
                    + job.path("verified").asInt() + ", not verified " + job.path("notVerified").asInt() + ", failed "
                    + job.path("failed").asInt() + ", skipped " + job.path("skipped").asInt() + " ("
                    + job.path("skippedUnintended").asInt() + " against intent)");
            if (!bad.isEmpty()) {
                output.table(bad, "pvName", "outcome", "message", "ioc");
            }
        }
        if ("SUCCEEDED".equals(state)) {
            return 0;
        }
        List<String> names = bad.stream().map(result -> result.path("pvName").asText()).toList();
        err.println("pvstream: restore " + state + (names.isEmpty() ? "" : "; PVs not restored: " + String.join(" ", names)));
        return 1;
    }
}
