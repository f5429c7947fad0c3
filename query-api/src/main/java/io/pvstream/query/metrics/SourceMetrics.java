package io.pvstream.query.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pvstream.query.ws.WsTotals;
import io.pvstream.records.buffer.FlowRates;
import io.pvstream.records.db.DatabaseStatus;
import io.pvstream.streams.lag.LagSample;
import io.pvstream.streams.ops.PendingSummary;

/**
 * The gauges and counters of a query-api instance's parts, each read at scrape time from what the part keeps
 * anyway. A part that cannot answer now (Streams not started, a store rebalancing, nothing sampled yet) leaves its
 * series out of that scrape instead of failing it: absent is what Prometheus alerts on ({@code absent()}), a made-up
 * zero would hide the problem.
 */
public final class SourceMetrics {

    private SourceMetrics() {
    }

    /**
     * Streams state, process rate and lag.
     *
     * @param streams the instance's Streams (null until started)
     * @param lag     the latest lag measurement ({@code StreamsLagMonitor})
     * @param nowMs   wall clock, for the age of that measurement
     */
    public static void streams(PrometheusRegistry registry, Supplier<KafkaStreams> streams,
                               Supplier<Optional<LagSample>> lag, LongSupplier nowMs) {
        gauge(registry, "pvstream_streams_running", "1 while this instance's Kafka Streams is RUNNING, else 0.",
                () -> streams.get().state() == KafkaStreams.State.RUNNING ? 1 : 0);
        gauge(registry, "pvstream_streams_process_rate",
                "Records processed per second by this instance's stream threads (Kafka's process-rate, summed).",
                () -> threadMetric(streams.get(), "process-rate"));
        CounterWithCallback.builder().name("pvstream_streams_processed_records")
                .help("Records processed by this instance's stream threads since they started (process-total).")
                .callback(callback -> guarded(() -> callback.call(threadMetric(streams.get(), "process-total"))))
                .register(registry);
        gauge(registry, "pvstream_streams_store_lag_seconds",
                "How old the latest-value store's view is: the oldest update of its inputs not applied yet (0 = caught up).",
                () -> lag.get().orElseThrow().storeAgeMs() / 1000.0);
        gauge(registry, "pvstream_streams_store_records_behind", "Updates not yet applied to the latest-value store.",
                () -> lag.get().orElseThrow().storeRecordsBehind());
        gauge(registry, "pvstream_streams_lag_sample_age_seconds", "How long ago the lag above was measured.",
                () -> (nowMs.getAsLong() - lag.get().orElseThrow().sampledAtMs()) / 1000.0);
        GaugeWithCallback.builder().name("pvstream_streams_records_behind")
                .help("Records of each input topic this instance's tasks have not processed yet.").labelNames("topic")
                .callback(callback -> guarded(() -> lag.get().orElseThrow().byTopic()
                        .forEach((topic, behind) -> callback.call(behind.recordsBehind(), topic))))
                .register(registry);
        GaugeWithCallback.builder().name("pvstream_streams_oldest_unprocessed_seconds")
                .help("Age of the oldest record of each input topic this instance has not processed yet.")
                .labelNames("topic")
                .callback(callback -> guarded(() -> lag.get().orElseThrow().byTopic()
                        .forEach((topic, behind) -> callback.call(behind.oldestUnprocessedAgeMs() / 1000.0, topic))))
                .register(registry);
    }

    /**
     * The operations buffer (this instance's part of the pending store), the dead-letter topic and replication.
     *
     * @param pending  this instance's pending summary (its partitions of the ops-pending store)
     * @param flow     the background sampler's rates and dead-letter count
     * @param database the last poll of primary and replica
     */
    public static void ops(PrometheusRegistry registry, Supplier<PendingSummary> pending,
                           Supplier<Optional<FlowRates>> flow, Supplier<DatabaseStatus> database) {
        GaugeWithCallback.builder().name("pvstream_ops_pending_transactions")
                .help("Ops transactions in this instance's part of the buffer, not yet confirmed by the replica: "
                        + "pending (not in the WAL yet) or committed (in the primary's WAL).")
                .labelNames("state")
                .callback(callback -> guarded(() -> {
                    PendingSummary summary = pending.get();
                    callback.call(summary.pendingCount(), "pending");
                    callback.call(summary.committedCount(), "committed");
                }))
                .register(registry);
        gauge(registry, "pvstream_ops_overdue_transactions",
                "Buffered transactions not confirmed within ops.confirm.timeout.ms (reported, never dropped).",
                () -> pending.get().overdueCount());
        gauge(registry, "pvstream_ops_pending_oldest_age_seconds",
                "Age of the oldest transaction still buffered here (0 when none).",
                () -> oldestAgeSeconds(pending.get(), System.currentTimeMillis()));
        gauge(registry, "pvstream_ops_dead_letters", "Records in the dead-letter topic ops.tx.dlq.",
                () -> flow.get().orElseThrow().deadLetters());
        gauge(registry, "pvstream_ops_apply_per_second",
                "Change events per second from the primary's WAL (rows reaching the database).",
                () -> flow.get().orElseThrow().applyPerSecond());
        GaugeWithCallback.builder().name("pvstream_ops_database_reachable")
                .help("1 when the last poll reached the database (primary or replica), else 0.").labelNames("role")
                .callback(callback -> guarded(() -> {
                    DatabaseStatus status = database.get();
                    if (status.primary() != null) {
                        callback.call(status.primary().reachable() ? 1 : 0, "primary");
                    }
                    if (status.replica() != null) {
                        callback.call(status.replica().reachable() ? 1 : 0, "replica");
                    }
                }))
                .register(registry);
        gauge(registry, "pvstream_ops_replica_lag_seconds",
                "How far the replica's replay trails the primary in time (0 once it has replayed all).",
                () -> database.get().replica().lagSeconds());
        gauge(registry, "pvstream_ops_replica_lag_bytes", "WAL bytes the replica has not replayed yet.",
                () -> database.get().replica().lagBytes());
    }

    /** WebSocket clients and what was coalesced or dropped for them. */
    public static void webSocket(PrometheusRegistry registry, Supplier<WsTotals> totals) {
        gauge(registry, "pvstream_ws_clients", "WebSocket clients connected to this instance.",
                () -> totals.get().clients());
        counter(registry, "pvstream_ws_diffs_received", "Diffs read from pv.diffs by this instance.",
                () -> totals.get().diffsReceived());
        counter(registry, "pvstream_ws_diffs_coalesced",
                "Diffs replaced by a newer one of the same PV before they were sent to a client.",
                () -> totals.get().coalesced());
        counter(registry, "pvstream_ws_diffs_dropped", "Diffs dropped because a client's queue was full.",
                () -> totals.get().dropped());
        counter(registry, "pvstream_ws_slow_disconnects", "Clients disconnected for being too slow.",
                () -> totals.get().slowDisconnects());
    }

    static double oldestAgeSeconds(PendingSummary summary, long nowMs) {
        Long oldestNs = summary.oldestBufferedNs();
        return oldestNs == null ? 0 : Math.max(0, nowMs * 1_000_000L - oldestNs) / 1e9;
    }

    /** Sums a stream-thread metric over the instance's threads. */
    static double threadMetric(KafkaStreams streams, String name) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            if (metric.getKey().group().equals("stream-thread-metrics") && metric.getKey().name().equals(name)
                    && metric.getValue().metricValue() instanceof Number value && !Double.isNaN(value.doubleValue())) {
                sum += value.doubleValue();
            }
        }
        return sum;
    }

    /** A gauge of one value; a null value is unknown (left out). */
    private static void gauge(PrometheusRegistry registry, String name, String help, Supplier<Number> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> guarded(() -> {
                    Number known = value.get();
                    if (known != null) {
                        callback.call(known.doubleValue());
                    }
                }))
                .register(registry);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> guarded(() -> callback.call(value.getAsLong())))
                .register(registry);
    }

    /** A part that cannot answer now (not started, rebalancing, not sampled) leaves its series out. */
    private static void guarded(Runnable read) {
        try {
            read.run();
        } catch (RuntimeException e) {
            // absent this scrape
        }
    }
}
