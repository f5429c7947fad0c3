package io.pvstream.query.jobs;

import io.pvstream.records.Page;
import io.pvstream.records.restore.JobView;
import io.pvstream.records.restore.PvResultView;

/** Body of {@code GET /api/v1/jobs/{id}}: the progress and one page of the per-PV results, failed first. */
public record JobDetail(JobView job, Page<PvResultView> results) {
}
