package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.devstack.postgres.PostgresCluster;
import io.pvstream.simioc.SimulatedIoc;

/**
 * The archive on real parts: a simulated IOC, a broker, one ingest, one query-api instance (whose Streams derives
 * pv.archive from pv.diffs), PostgreSQL and a Connect worker with the archive JDBC sink. Values are changed on the
 * IOC, and read back from the archive table through the history endpoints and snapshots of the past.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private SimulatedIoc ioc;
    private SimulatedIoc gapIoc;
    private int api;

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        ioc = platform.addIoc(SimulatedIoc.builder().pvCount(0).updateRateHz(0).setpointCount(13));
        gapIoc = platform.addIoc(SimulatedIoc.builder().prefix("GAP:").pvCount(0).updateRateHz(0).setpointCount(1));
        platform.startOps();
        platform.startServices(1, Map.of());
        api = platform.api(0).port();
        List<String> all = new ArrayList<>(ioc.pvNames());
        all.addAll(gapIoc.pvNames());
        await().atMost(PATIENCE).until(() -> all.stream().allMatch(this::connected));
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void rawAndBinnedHistoryHoldTheExactValuesSet() {
        String pv = ioc.setpointName(1);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (double value : new double[] {1.0, 2.0, 3.0, 4.0}) {
            ioc.set(pv, value);
            // one change archived before the next, so each has its own IOC timestamp
            await().atMost(PATIENCE).until(() -> lastArchivedValue(pv, before) == value);
        }
        Instant after = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);

        JsonNode raw = history(pv, "from=" + before + "&to=" + after);
        assertThat(raw.path("samples")).extracting(sample -> sample.path("value").asDouble())
                .containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(raw.path("samples")).allSatisfy(sample -> {
            assertThat(sample.path("connected").asBoolean()).isTrue();
            assertThat(sample.path("changes").toString()).contains("VALUE");
        });
        assertThat(raw.path("count").asInt()).isEqualTo(4);

        JsonNode oneBin = history(pv, "from=" + before + "&to=" + after + "&bin=1h");
        assertThat(oneBin.path("bins")).hasSize(1);
        JsonNode bin = oneBin.path("bins").get(0);
        assertThat(bin.path("count").asLong()).isEqualTo(4);
        assertThat(bin.path("mean").asDouble()).isEqualTo(2.5);
        assertThat(bin.path("min").asDouble()).isEqualTo(1.0);
        assertThat(bin.path("max").asDouble()).isEqualTo(4.0);
        assertThat(bin.path("first").asDouble()).isEqualTo(1.0);
        assertThat(bin.path("last").asDouble()).isEqualTo(4.0);

        // bins starting at the first change, as wide as the time to the third: [t1, t3) holds 1 and 2, the rest 3, 4
        List<Long> micros = new ArrayList<>();
        raw.path("samples").forEach(sample -> micros.add(sample.path("timestampNs").asLong() / 1_000));
        Instant t1 = micro(micros.get(0));
        long widthMicros = micros.get(2) - micros.get(0);
        Instant to = micro(micros.get(3) + 1);
        JsonNode split = history(pv, "from=" + t1 + "&to=" + to + "&bin=" + Duration.ofNanos(widthMicros * 1_000)
                + "&stat=count,mean,first,last,min,max");
        JsonNode first = split.path("bins").get(0);
        assertThat(first.path("time").asText()).isEqualTo(t1.toString());
        assertThat(first.path("count").asLong()).isEqualTo(2);
        assertThat(first.path("mean").asDouble()).isEqualTo(1.5);
        assertThat(first.path("first").asDouble()).isEqualTo(1.0);
        assertThat(first.path("last").asDouble()).isEqualTo(2.0);
        long restCount = 0;
        double restMin = Double.MAX_VALUE;
        double restMax = -Double.MAX_VALUE;
        for (int i = 1; i < split.path("bins").size(); i++) {
            JsonNode later = split.path("bins").get(i);
            restCount += later.path("count").asLong();
            if (later.path("count").asLong() > 0) {
                restMin = Math.min(restMin, later.path("min").asDouble());
                restMax = Math.max(restMax, later.path("max").asDouble());
            }
        }
        assertThat(restCount).isEqualTo(2);
        assertThat(restMin).isEqualTo(3.0);
        assertThat(restMax).isEqualTo(4.0);

        HttpJson.TextResponse csv = http.getText(api, historyPath(pv, "from=" + before + "&to=" + after
                + "&format=csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("time,timestamp_ns,value");
        assertThat(lines.get(1).split(",")[2]).isEqualTo("1.0");
        assertThat(lines.get(4).split(",")[2]).isEqualTo("4.0");
    }

    @Test
    void valuesAtATimeAndASnapshotAsOfThatTimeHoldTheValuesBeforeTheChange() {
        List<String> pvs = new ArrayList<>();
        for (int i = 2; i <= 11; i++) {
            pvs.add(ioc.setpointName(i));
        }
        for (int i = 0; i < pvs.size(); i++) {
            ioc.set(pvs.get(i), 100.0 + i);
        }
        Instant start = Instant.now().minusSeconds(5);
        await().atMost(PATIENCE).until(() -> pvsArchivedWith(pvs, start, 100.0));
        Instant beforeChange = Instant.now();
        await().atMost(PATIENCE).until(() -> Instant.now().isAfter(beforeChange.plusMillis(5))); // a distinct tick
        for (int i = 0; i < pvs.size(); i++) {
            ioc.set(pvs.get(i), 200.0 + i);
        }
        await().atMost(PATIENCE).until(() -> pvsArchivedWith(pvs, start, 200.0));

        List<String> asked = new ArrayList<>(pvs);
        asked.add("NO:SUCH:PV");
        HttpJson.Response at = http.post(api, "/api/v1/history/at", "{\"at\":\"" + beforeChange + "\",\"pvs\":"
                + json(asked) + "}");
        assertThat(at.status()).as("%s", at.body()).isEqualTo(200);
        JsonNode items = at.body().path("items");
        assertThat(items).hasSize(11);
        for (int i = 0; i < pvs.size(); i++) {
            assertThat(items.get(i).path("name").asText()).isEqualTo(pvs.get(i));
            assertThat(items.get(i).path("state").asText()).isEqualTo("ok");
            assertThat(items.get(i).path("value").asDouble()).isEqualTo(100.0 + i);
        }
        assertThat(items.get(10).path("state").asText()).isEqualTo("never_seen");
        HttpJson.Response now = http.post(api, "/api/v1/history/at", "{\"at\":\"" + Instant.now() + "\",\"pvs\":"
                + json(pvs) + "}");
        assertThat(now.body().path("items").get(0).path("value").asDouble()).isEqualTo(200.0);

        HttpJson.Response created = http.post(api, "/api/v1/snapshots", "{\"name\":\"before the change\","
                + "\"asOf\":\"" + beforeChange + "\",\"pvs\":" + json(pvs) + "}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String id = created.body().path("id").asText();
        JsonNode snapshot = http.get(api, "/api/v1/snapshots/" + id + "?limit=100").body();
        assertThat(snapshot.path("source").asText()).isEqualTo("archive");
        assertThat(Instant.parse(snapshot.path("asOf").asText())).isEqualTo(beforeChange.truncatedTo(ChronoUnit.MILLIS));
        assertThat(snapshot.path("values")).hasSize(10);
        for (JsonNode value : snapshot.path("values")) {
            int index = pvs.indexOf(value.path("name").asText());
            assertThat(value.path("state").asText()).isEqualTo("ok");
            assertThat(value.path("value").asDouble()).as(value.path("name").asText()).isEqualTo(100.0 + index);
        }
        // and it compares with the live values as any snapshot does: every PV differs now
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(http.get(api, "/api/v1/snapshots/" + id
                + "/compare?with=live").body().path("summary").path("different").asInt()).isEqualTo(10));
    }

    @Test
    void aDisconnectShowsAsAGap() {
        String pv = gapIoc.setpointName(1);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        gapIoc.set(pv, 5.0);
        await().atMost(PATIENCE).until(() -> lastArchivedValue(pv, before) == 5.0);

        gapIoc.stop();
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode samples = history(pv, "from=" + before).path("samples");
            JsonNode last = samples.get(samples.size() - 1);
            assertThat(last.path("connected").asBoolean()).isFalse();
            assertThat(last.path("value").isNull()).as("no stale number in a gap").isTrue();
            assertThat(last.path("changes").toString()).contains("CONNECTION");
        });
        Instant after = Instant.now().plusSeconds(1);

        JsonNode bins = history(pv, "from=" + before + "&to=" + after.truncatedTo(ChronoUnit.MILLIS) + "&bin=1h");
        assertThat(bins.path("bins").get(0).path("connected").asBoolean()).as("the bin holds the gap").isFalse();
        assertThat(bins.path("bins").get(0).path("last").asDouble()).isEqualTo(5.0);

        JsonNode at = http.post(api, "/api/v1/history/at", "{\"at\":\"" + after + "\",\"pvs\":[\"" + pv + "\"]}")
                .body().path("items").get(0);
        assertThat(at.path("state").asText()).isEqualTo("disconnected");
        assertThat(at.path("value").asDouble()).as("the last value before the disconnection").isEqualTo(5.0);
    }

    @Test
    void samplesMadeWhilePostgresIsDownAreWrittenOnceItIsBack() {
        String pv = ioc.setpointName(13);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PostgresCluster postgres = platform.ops().postgres();
        postgres.stopPrimary();
        try {
            for (int i = 1; i <= 5; i++) {
                double value = 1000.0 + i;
                ioc.set(pv, value);
                await().atMost(PATIENCE).until(() -> http.get(api, "/api/v1/pvs/" + pv).body().path("value")
                        .asDouble() == value);
            }
        } finally {
            postgres.startPrimary();
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(history(pv, "from=" + before).path("samples")
                .findValues("value")).extracting(JsonNode::asDouble)
                .containsExactly(1001.0, 1002.0, 1003.0, 1004.0, 1005.0));
    }

    @Test
    void badRangesGet400And404WithAJsonError() {
        String pv = ioc.setpointName(12);
        ioc.set(pv, 7.0);
        await().atMost(PATIENCE).until(() -> http.get(api, historyPath(pv, "from=2020-01-01T00:00:00Z")).status()
                == 200);

        assertError(http.get(api, historyPath(pv, "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")), 400,
                "must be before");
        assertError(http.get(api, historyPath(pv, "from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bin=1ms")), 400,
                "history.max.bins");
        assertError(http.get(api, historyPath(pv, "from=2026-01-01T00:00:00Z&bin=1fortnight")), 400, "bin");
        assertError(http.get(api, historyPath(pv, "from=yesterday")), 400, "from");
        assertError(http.get(api, historyPath(pv, "from=2026-01-01T00:00:00Z&bin=1m&stat=median")), 400, "median");
        assertError(http.get(api, historyPath("NO:SUCH:PV", "from=2026-01-01T00:00:00Z")), 404, "NO:SUCH:PV");
        assertError(http.post(api, "/api/v1/history/at", "{\"pvs\":[\"" + pv + "\"]}"), 400, "at");
        assertError(http.post(api, "/api/v1/history/at", "{\"at\":\"2026-01-01T00:00:00Z\",\"pvs\":[]}"), 400, "pvs");
        assertError(http.post(api, "/api/v1/snapshots", "{\"name\":\"future\",\"asOf\":\"2199-01-01T00:00:00Z\","
                + "\"pvs\":[\"" + pv + "\"]}"), 400, "future");
    }

    private static void assertError(HttpJson.Response response, int status, String mentions) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.body().path("error").asText()).isNotBlank();
        assertThat(response.body().path("message").asText()).contains(mentions);
    }

    private JsonNode history(String pv, String query) {
        HttpJson.Response response = http.get(api, historyPath(pv, query));
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
        return response.body();
    }

    private static String historyPath(String pv, String query) {
        return "/api/v1/pvs/" + URLEncoder.encode(pv, StandardCharsets.UTF_8) + "/history?" + query;
    }

    /** The value of the last sample archived since {@code from}; NaN while there is none. */
    private double lastArchivedValue(String pv, Instant from) {
        HttpJson.Response response = http.get(api, historyPath(pv, "from=" + from));
        if (response.status() != 200 || response.body().path("samples").isEmpty()) {
            return Double.NaN;
        }
        JsonNode samples = response.body().path("samples");
        return samples.get(samples.size() - 1).path("value").asDouble(Double.NaN);
    }

    /** Whether each PV's last archived value since {@code from} is {@code base} + its index. */
    private boolean pvsArchivedWith(List<String> pvs, Instant from, double base) {
        for (int i = 0; i < pvs.size(); i++) {
            if (lastArchivedValue(pvs.get(i), from) != base + i) {
                return false;
            }
        }
        return true;
    }

    private boolean connected(String pv) {
        HttpJson.Response response = http.get(api, "/api/v1/pvs/" + pv);
        return response.status() == 200 && response.body().path("connected").asBoolean(false);
    }

    private static Instant micro(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static String json(List<String> names) {
        return "[\"" + String.join("\",\"", names) + "\"]";
    }
}
