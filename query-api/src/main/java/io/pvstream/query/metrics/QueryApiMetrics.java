package io.pvstream.query.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The Prometheus endpoint of one query-api instance: {@code GET /metrics} on the API's own port, in Prometheus text
 * format, written by the Prometheus Java client the ingest uses. HTTP latency is observed per request; everything
 * else ({@link SourceMetrics}: Streams, operations buffer, replication, WebSocket) is read from the instance's parts
 * at scrape time, so serving requests pays nothing for it.
 *
 * <p>Each instance has its own registry, not the JVM-wide default, so several instances (tests) can share a JVM.
 */
public final class QueryApiMetrics {

    public static final String PATH = "/metrics";
    /** The route label of requests no route matched: raw paths would give every scanner's URL its own series. */
    static final String UNMATCHED = "unmatched";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram httpLatency;

    public QueryApiMetrics() {
        httpLatency = Histogram.builder().name("pvstream_http_request_duration_seconds")
                .help("Time to answer an HTTP request (until the handler returned), by method, route template "
                        + "(e.g. /api/v1/pvs/{name}) and status.")
                .labelNames("method", "route", "status")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry);
    }

    /** Where the gauges and counters of the instance's parts are registered. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Javalin's request logger: called once a request is answered, with its handling time. */
    public void observe(Context ctx, Float executionMs) {
        httpLatency.labelValues(ctx.method().name(), routeOf(ctx), Integer.toString(ctx.statusCode()))
                .observe(executionMs / 1000.0);
    }

    /** The route template that answered, never the raw path (which would make one series per PV name). */
    static String routeOf(Context ctx) {
        try {
            String route = ctx.endpointHandlerPath();
            return route == null || route.isEmpty() || route.equals("*") ? UNMATCHED : route;
        } catch (RuntimeException e) { // no endpoint handler ran (e.g. refused before matching)
            return UNMATCHED;
        }
    }

    /** {@code GET /metrics}. */
    public void serve(Context ctx) {
        ctx.contentType(writer.getContentType()).result(scrape());
    }

    /** The whole registry in Prometheus text format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }
}
