package io.pvstream.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.pvstream.query.ws.WsTotals;
import io.pvstream.records.buffer.FlowRates;
import io.pvstream.records.db.DatabaseStatus;
import io.pvstream.streams.lag.LagSample;
import io.pvstream.streams.lag.PartitionLag;
import io.pvstream.streams.ops.PendingSummary;

/** The gauges and counters read from the parts at scrape time, and what a part that cannot answer does. */
class SourceMetricsTest {

    private static final long NOW_MS = 1_800_000_000_000L;

    @Test
    void everyPartIsExportedWithItsCurrentValues() {
        QueryApiMetrics metrics = new QueryApiMetrics();
        LagSample lag = new LagSample(NOW_MS - 1500, List.of(
                new PartitionLag("pv.values", 0, 100, 90, 10, 2500),
                new PartitionLag("pv.values", 1, 50, 50, 0, 0),
                new PartitionLag("ops.tx", 0, 7, 4, 3, 800)));
        SourceMetrics.streams(metrics.registry(), () -> null, () -> Optional.of(lag), () -> NOW_MS);
        long buffered = (NOW_MS - 4000) * 1_000_000L;
        SourceMetrics.ops(metrics.registry(), () -> new PendingSummary(5, 3, 2, 1, buffered),
                () -> Optional.of(new FlowRates(12.5, 11.0, 4, "2026-12-07T01:00:00Z")),
                () -> new DatabaseStatus(new DatabaseStatus.Primary(true, "0/16B3748", null, "t"),
                        new DatabaseStatus.Replica("replica", true, "0/16B3000", 1864L, 0.25, null, "t")));
        AtomicReference<WsTotals> ws = new AtomicReference<>(new WsTotals(3, 40, 2, 1, 1000));
        SourceMetrics.webSocket(metrics.registry(), ws::get);

        String text = scrape(metrics);
        assertThat(text)
                .contains("pvstream_streams_store_lag_seconds 2.5")
                .contains("pvstream_streams_store_records_behind 10")
                .contains("pvstream_streams_lag_sample_age_seconds 1.5")
                .contains("pvstream_streams_records_behind{topic=\"ops.tx\"} 3")
                .contains("pvstream_streams_records_behind{topic=\"pv.values\"} 10")
                .contains("pvstream_streams_oldest_unprocessed_seconds{topic=\"pv.values\"} 2.5")
                .contains("pvstream_ops_pending_transactions{state=\"pending\"} 3")
                .contains("pvstream_ops_pending_transactions{state=\"committed\"} 2")
                .contains("pvstream_ops_overdue_transactions 1")
                .contains("pvstream_ops_dead_letters 4")
                .contains("pvstream_ops_database_reachable{role=\"primary\"} 1")
                .contains("pvstream_ops_replica_lag_seconds 0.25")
                .contains("pvstream_ops_replica_lag_bytes 1864")
                .contains("pvstream_ws_clients 3")
                .contains("pvstream_ws_diffs_coalesced_total 40")
                .contains("pvstream_ws_diffs_dropped_total 2")
                .contains("pvstream_ws_slow_disconnects_total 1");
        assertThat(text).as("no Streams yet: its own series are absent, not zero")
                .doesNotContain("pvstream_streams_running ").doesNotContain("pvstream_streams_process_rate ");
        assertThat(SourceMetrics.oldestAgeSeconds(new PendingSummary(5, 3, 2, 1, buffered), NOW_MS)).isEqualTo(4.0);

        ws.set(new WsTotals(0, 41, 2, 1, 1001));
        assertThat(scrape(metrics)).contains("pvstream_ws_clients 0").contains("pvstream_ws_diffs_coalesced_total 41");
    }

    @Test
    void aPartThatCannotAnswerLeavesItsSeriesOutAndTheScrapeSucceeds() {
        QueryApiMetrics metrics = new QueryApiMetrics();
        SourceMetrics.streams(metrics.registry(), () -> null, Optional::empty, () -> NOW_MS);
        SourceMetrics.ops(metrics.registry(), () -> {
            throw new IllegalStateException("store rebalancing");
        }, Optional::empty, () -> DatabaseStatus.UNKNOWN);
        String text = scrape(metrics);
        assertThat(text).doesNotContain("pvstream_ops_pending_transactions{")
                .doesNotContain("pvstream_streams_store_lag_seconds ")
                .doesNotContain("pvstream_ops_replica_lag_seconds ")
                .doesNotContain("pvstream_ops_dead_letters ");
    }

    private static String scrape(QueryApiMetrics metrics) {
        return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }
}
