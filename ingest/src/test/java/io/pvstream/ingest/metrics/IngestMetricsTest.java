package io.pvstream.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.pvstream.ingest.IngestStats;
import io.pvstream.schemas.avro.PvError;

/** The real endpoint over loopback HTTP, as Prometheus scrapes it. */
class IngestMetricsTest {

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        return response.body();
    }

    @Test
    void servesConnectionCountsAndUpdateCountersInPrometheusTextFormat() throws Exception {
        AtomicLong received = new AtomicLong(500);
        IngestStats stats = new IngestStats("i1", 40, 38, 1200, 7, 1, Set.of(0, 3), 1,
                List.of(new PvError("SIM:WAVE", "waveform too large")));
        try (IngestMetrics metrics = IngestMetrics.start("127.0.0.1", 0, () -> stats, received::get, () -> 12)) {
            String text = scrape(metrics.port());
            assertThat(text.lines()).contains(
                    "pvstream_ingest_pvs 40.0",
                    "pvstream_ingest_pvs_connected 38.0",
                    "pvstream_ingest_pvs_errored 1.0",
                    "pvstream_ingest_partitions 2.0",
                    "pvstream_ingest_buffer_records 12.0",
                    "pvstream_ingest_updates_received_total 500.0",
                    "pvstream_ingest_records_published_total 1200.0",
                    "pvstream_ingest_updates_coalesced_total 7.0",
                    "pvstream_ingest_publish_errors_total 1.0");
            assertThat(text).contains("# TYPE pvstream_ingest_updates_received_total counter");

            received.set(900); // read at scrape time
            assertThat(scrape(metrics.port()).lines()).contains("pvstream_ingest_updates_received_total 900.0");
        }
    }
}
