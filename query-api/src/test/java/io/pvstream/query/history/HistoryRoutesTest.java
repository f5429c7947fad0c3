package io.pvstream.query.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.pvstream.query.http.ApiErrorHandlers;
import io.pvstream.query.http.Json;
import io.pvstream.records.db.DatabaseUnavailableException;
import io.pvstream.records.history.ArchivedValue;
import io.pvstream.records.history.HistoryBin;
import io.pvstream.records.history.HistoryConfig;
import io.pvstream.records.history.HistorySample;
import io.pvstream.records.history.HistoryService;
import io.pvstream.records.snapshots.SnapshotValues;
import okhttp3.Response;

/** The history routes against a fake {@link HistoryService}: what they parse, what they render, which status. */
class HistoryRoutesTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final Instant FROM = Instant.parse("2026-11-23T03:00:00Z");
    private static final long T1 = FROM.getEpochSecond() * 1_000_000_000L + 1_500;

    private final FakeHistory history = new FakeHistory();

    private Javalin app() {
        HistoryConfig.Settings settings = new HistoryConfig.Settings(30, 3, Duration.ofHours(1), 3, 100, 2);
        HistoryEndpoints routes = new HistoryEndpoints(history, settings,
                Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC), 100_000, MAPPER);
        Javalin app = Javalin.create();
        routes.addRoutes(app);
        ApiErrorHandlers.register(app, Duration.ofSeconds(2));
        return app;
    }

    @Test
    void rawSamplesOfTheRangeAreStreamedAsJson() {
        history.samples = List.of(new HistorySample(T1, "VALUE", "double", 52.5, null, null, "MINOR", "HIGH", true));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:A/history?from=2026-11-23T03:00:00Z&to=2026-11-23T04:00:00Z");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.path("name").asText()).isEqualTo("SIM:A");
            assertThat(body.path("count").asInt()).isEqualTo(1);
            assertThat(body.path("samples").get(0).path("value").asDouble()).isEqualTo(52.5);
            assertThat(history.asked).containsExactly("has SIM:A", "count SIM:A", "samples SIM:A");
        });
    }

    @Test
    void binsInCsvWhenAsked() {
        history.bins = List.of(new HistoryBin(FROM, 2, 1.5, 1.0, 2.0, 1.0, 2.0, true));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:A/history?from=2026-11-23T03:00:00Z"
                    + "&to=2026-11-23T04:00:00Z&bin=1h&format=csv");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/csv");
            String[] lines = response.body().string().split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[1]).startsWith("2026-11-23T03:00:00Z");
            assertThat(history.asked).containsExactly("has SIM:A", "bins SIM:A PT1H");
        });
    }

    @Test
    void anUnknownPvIs404AndTooManySamplesIs400() {
        JavalinTest.test(app(), (server, client) -> {
            history.known = false;
            Response unknown = client.get("/api/v1/pvs/SIM:NOPE/history?from=2026-11-23T03:00:00Z");
            assertThat(unknown.code()).isEqualTo(404);
            assertThat(json(unknown).path("error").asText()).isEqualTo("not_found");

            history.known = true;
            history.count = 4; // more than history.max.samples = 3
            Response tooMany = client.get("/api/v1/pvs/SIM:A/history?from=2026-11-23T03:00:00Z");
            assertThat(tooMany.code()).isEqualTo(400);
            assertThat(json(tooMany).path("message").asText()).contains("more than 3 samples of SIM:A");
            assertThat(client.get("/api/v1/pvs/SIM:A/history").code()).isEqualTo(400); // from is required
        });
    }

    @Test
    void theDatabaseBeingDownIs503() {
        history.down = true;
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/api/v1/pvs/SIM:A/history?from=2026-11-23T03:00:00Z");
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
            assertThat(json(response).path("message").asText()).isEqualTo("no database answers");
        });
    }

    @Test
    void valuesAtATimeAreRenderedInTheOrderAskedAndBadBodiesAre400() {
        history.at = List.of(new ArchivedValue(SnapshotValues.of("SIM:B", null), null));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.post("/api/v1/history/at", "{\"at\":\"2026-11-23T03:30:00Z\",\"pvs\":[\"SIM:B\"]}");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.path("at").asText()).isEqualTo("2026-11-23T03:30:00Z");
            assertThat(body.path("items").get(0).path("name").asText()).isEqualTo("SIM:B");
            assertThat(body.path("items").get(0).path("state").asText()).isEqualTo("never_seen");

            assertThat(client.post("/api/v1/history/at", "{\"pvs\":[\"SIM:B\"]}").code()).isEqualTo(400);
            Response tooMany = client.post("/api/v1/history/at",
                    "{\"at\":\"2026-11-23T03:30:00Z\",\"pvs\":[\"A\",\"B\",\"C\"]}");
            assertThat(json(tooMany).path("message").asText()).startsWith("pvs: at most 2 PVs");
        });
    }

    private static JsonNode json(Response response) throws IOException {
        return MAPPER.readTree(response.body().string());
    }

    /** Answers from what the test sets; records what it was asked. */
    private static final class FakeHistory implements HistoryService {
        final List<String> asked = new ArrayList<>();
        boolean known = true;
        boolean down;
        long count;
        List<HistorySample> samples = List.of();
        List<HistoryBin> bins = List.of();
        List<ArchivedValue> at = List.of();

        @Override
        public boolean hasSamples(String pv) {
            if (down) {
                throw new DatabaseUnavailableException("no database answers");
            }
            asked.add("has " + pv);
            return known;
        }

        @Override
        public long countUpTo(String pv, Instant from, Instant to, long limit) {
            asked.add("count " + pv);
            return Math.min(count, limit);
        }

        @Override
        public long samples(String pv, Instant from, Instant to, RowSink<HistorySample> sink) {
            asked.add("samples " + pv);
            for (HistorySample sample : samples) {
                write(sink, sample);
            }
            return samples.size();
        }

        @Override
        public long bins(String pv, Instant from, Instant to, Duration bin, RowSink<HistoryBin> sink) {
            asked.add("bins " + pv + " " + bin);
            for (HistoryBin each : bins) {
                write(sink, each);
            }
            return bins.size();
        }

        @Override
        public List<ArchivedValue> valuesAt(Instant when, List<String> names) {
            return at;
        }

        private static <T> void write(RowSink<T> sink, T row) {
            try {
                sink.accept(row);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
