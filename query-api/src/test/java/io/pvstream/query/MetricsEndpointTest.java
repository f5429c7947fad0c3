package io.pvstream.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.javalin.testtools.JavalinTest;
import io.pvstream.query.metrics.QueryApiMetrics;
import okhttp3.Response;

/** {@code GET /metrics}: Prometheus text, HTTP latency labelled by route template, never by raw path. */
class MetricsEndpointTest {

    private final ApiTestSupport support = new ApiTestSupport();

    @Test
    void requestsAreCountedByRouteTemplateMethodAndStatus() {
        support.lookup.put(TestRecords.fullState("SIM:SECRET-NAME", 1.5));
        JavalinTest.test(ApiFactory.create(support.services()), (server, client) -> {
            assertThat(client.get("/api/v1/pvs/SIM:SECRET-NAME").code()).isEqualTo(200);
            assertThat(client.get("/api/v1/pvs/SIM:SECRET-NAME").code()).isEqualTo(200);
            assertThat(client.get("/api/v1/pvs/SIM:UNKNOWN").code()).isEqualTo(404);
            assertThat(client.get("/no/such/route/SIM:PROBE").code()).isEqualTo(404);

            Response metrics = client.get(QueryApiMetrics.PATH);
            assertThat(metrics.code()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            String text = body(metrics);
            assertThat(text)
                    .contains("pvstream_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/pvs/{name}\","
                            + "status=\"200\"} 2")
                    .contains("pvstream_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/pvs/{name}\","
                            + "status=\"404\"} 1")
                    .contains("route=\"unmatched\",status=\"404\"} 1")
                    .contains("# TYPE pvstream_http_request_duration_seconds histogram")
                    .doesNotContain("SECRET-NAME").doesNotContain("SIM:PROBE");
        });
    }

    private static String body(Response response) {
        try {
            return response.body().string();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
