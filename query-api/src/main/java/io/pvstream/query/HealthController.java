package io.pvstream.query;

import io.javalin.http.Context;

/** {@code GET /api/v1/health}: 200 when UP, 503 otherwise, so a load balancer can act on the status alone. */
final class HealthController {

    static final String PATH = "/api/v1/health";

    private final HealthService health;

    HealthController(HealthService health) {
        this.health = health;
    }

    void health(Context ctx) {
        HealthReport report = health.report();
        ctx.status(report.status() == HealthReport.Status.UP ? 200 : 503).json(report);
    }
}
