package io.pvstream.query.health;

import io.javalin.http.Context;

/**
 * {@code GET /api/v1/health}: 200 when UP, 503 otherwise, so a load balancer can act on the status alone.
 * {@code GET /api/v1/health/ready}: 200 while this instance's answers are live (Streams running, its latest-value
 * store within health.ready.max.lag.ms), 503 saying how far behind otherwise.
 */
public final class HealthController {

    public static final String PATH = "/api/v1/health";
    public static final String READY_PATH = "/api/v1/health/ready";

    private final HealthService health;

    public HealthController(HealthService health) {
        this.health = health;
    }

    public void health(Context ctx) {
        HealthReport report = health.report();
        ctx.status(report.status() == HealthReport.Status.UP ? 200 : 503).json(report);
    }

    public void ready(Context ctx) {
        HealthReport.Readiness readiness = health.readiness();
        ctx.status(readiness.status() == HealthReport.Status.UP ? 200 : 503).json(readiness);
    }
}
