package io.pvstream.query.jobs;

import io.pvstream.query.Page;

/** Body of {@code GET /api/v1/jobs/{id}}: the progress and one page of the per-PV results, failed first. */
public record JobDetail(JobView job, Page<PvResultView> results) {
}
