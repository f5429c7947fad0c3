package io.pvstream.ingest.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pvstream.ingest.IngestStats;

/**
 * The Prometheus endpoint of one ingest instance ({@code GET /metrics}, Prometheus text format, by the
 * Prometheus Java client's JDK-HttpServer exporter). Every metric is read at scrape time from the counters
 * the instance keeps anyway, so the update path pays nothing for it; rates are Prometheus' job
 * ({@code rate(pvstream_ingest_updates_received_total[1m])}).
 *
 * <p>Each instance has its own registry, not the JVM-wide default, so several instances (tests) can share a JVM.
 */
public final class IngestMetrics implements AutoCloseable {

    private final HTTPServer server;

    private IngestMetrics(HTTPServer server) {
        this.server = server;
    }

    /**
     * @param updatesReceived CA monitor updates received since start
     * @param buffered        records waiting for the producer
     */
    public static IngestMetrics start(String host, int port, Supplier<IngestStats> stats, LongSupplier updatesReceived,
                                      IntSupplier buffered) {
        PrometheusRegistry registry = new PrometheusRegistry();
        gauge(registry, "pvstream_ingest_pvs", "PVs this instance monitors (its pv.config partitions' PVs).",
                stats, IngestStats::pvCount);
        gauge(registry, "pvstream_ingest_pvs_connected", "Of those, PVs whose channel is connected.",
                stats, IngestStats::connectedCount);
        gauge(registry, "pvstream_ingest_pvs_errored",
                "PVs connected but not value-monitored (e.g. a waveform above ca.max.array.bytes).",
                stats, IngestStats::pvErrorCount);
        gauge(registry, "pvstream_ingest_partitions", "pv.config partitions assigned to this instance.",
                stats, s -> s.partitions().size());
        GaugeWithCallback.builder().name("pvstream_ingest_buffer_records")
                .help("Records waiting between CA and the Kafka producer.")
                .callback(callback -> callback.call(buffered.getAsInt()))
                .register(registry);
        CounterWithCallback.builder().name("pvstream_ingest_updates_received")
                .help("CA monitor value updates received since start.")
                .callback(callback -> callback.call(updatesReceived.getAsLong()))
                .register(registry);
        counter(registry, "pvstream_ingest_records_published", "Records Kafka acknowledged since start.",
                stats, IngestStats::publishedTotal);
        counter(registry, "pvstream_ingest_updates_coalesced",
                "Updates replaced by a newer one of the same PV under overload since start.",
                stats, IngestStats::coalescedTotal);
        counter(registry, "pvstream_ingest_publish_errors", "Records Kafka failed to accept since start.",
                stats, IngestStats::publishErrorsTotal);
        try {
            return new IngestMetrics(HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port, e);
        }
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, Supplier<IngestStats> stats,
                              ToDoubleFunction<IngestStats> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(stats.get())))
                .register(registry);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, Supplier<IngestStats> stats,
                                ToDoubleFunction<IngestStats> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(stats.get())))
                .register(registry);
    }

    /** The port served (the one picked when 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
