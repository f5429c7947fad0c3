package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.ingest.IngestConfig;
import io.pvstream.ingest.IngestMain;
import io.pvstream.schemas.config.CommonConfig;
import io.pvstream.ingest.IngestService;
import io.pvstream.simioc.SimulatedIoc;
import io.pvstream.streams.StreamsAppConfig;

/**
 * Issue 6 on real parts: a KRaft broker, a simulated IOC, two ingest instances in one consumer group, one query
 * API. The PVs split between the instances with no overlap; PVs are added and removed at run time over REST; a
 * waveform above the ingest's size limit gets its own error; the watchdog flags a silent PV; the ingest serves
 * Prometheus metrics; closing one instance moves all its PVs to the other; 40K PVs are imported from a CSV.
 * (An IOC stop and restart as data, then a reconnect, is {@code PlatformEndToEndTest}'s.) Tests run in order:
 * the failover and the bulk import change the platform for good.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestScaleEndToEndTest {

    private static final Duration PATIENCE = TestPlatform.PATIENCE;
    private static final String ADDED_AT_RUN_TIME = "SIM:PV00030";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestPlatform platform;
    private SimulatedIoc ioc;
    private IngestService ingestA;
    private IngestService ingestB;
    private int metricsPort;
    private int api;
    private Set<String> configured;

    @BeforeAll
    void startPlatform() {
        platform = TestPlatform.withBroker();
        // 2 Hz moving PVs never go stale; the static ones (SIM:STRING, ...) do within the 3 s threshold.
        // 4096-element waveforms (32 KiB of doubles) are above the ingest's 16384-byte limit.
        ioc = platform.addIoc(SimulatedIoc.builder().pvCount(30).updateRateHz(2).setpointCount(0).waveformLength(4096));
        metricsPort = FreePorts.pick();
        Map<String, Object> overrides = new HashMap<>(Map.of(
                IngestConfig.INSTANCE_ID, "ingest-a",
                IngestConfig.CA_MAX_ARRAY_BYTES, 16384,
                IngestConfig.METRICS_PORT, metricsPort,
                StreamsAppConfig.STALE_THRESHOLD_MS, 3000,
                StreamsAppConfig.STALE_CHECK_INTERVAL_MS, 500));
        platform.startServices(1, overrides, pv -> !pv.equals(ADDED_AT_RUN_TIME));
        ingestA = platform.ingest();
        Map<String, Object> second = new HashMap<>(platform.common());
        second.put(IngestConfig.CA_ADDR_LIST, ioc.addressList());
        second.put(IngestConfig.HEARTBEAT_INTERVAL_MS, 1000);
        second.put(IngestConfig.INSTANCE_ID, "ingest-b");
        second.put(IngestConfig.CA_MAX_ARRAY_BYTES, 16384);
        ingestB = new IngestService(IngestConfig.load(Map.of(), second));
        ingestB.start();
        api = platform.api(0).port();
        configured = ioc.pvNames().stream().filter(pv -> !pv.equals(ADDED_AT_RUN_TIME)).collect(Collectors.toSet());
    }

    @AfterAll
    void stopPlatform() {
        if (ingestB != null) {
            ingestB.close();
        }
        platform.close();
    }

    @Test
    @Order(1)
    void twoInstancesSplitThePvsWithNoOverlap() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Set<String> a = ingestA.monitoredPvs();
            Set<String> b = ingestB.monitoredPvs();
            assertThat(a).isNotEmpty();
            assertThat(b).isNotEmpty();
            assertThat(a).doesNotContainAnyElementsOf(b);
            Set<String> both = new HashSet<>(a);
            both.addAll(b);
            assertThat(both).isEqualTo(configured);
            Set<Integer> partitionsOfB = ingestB.stats().partitions();
            assertThat(partitionsOfB).isNotEmpty();
            assertThat(ingestA.stats().partitions()).doesNotContainAnyElementsOf(partitionsOfB);
        });
        // who-is-where over REST: every partition held by exactly one live instance
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode health = get("/api/v1/health/ingest");
            assertThat(health.path("alive").asInt()).isEqualTo(2);
            assertThat(health.path("unowned").isEmpty()).isTrue();
            health.path("partitions").forEach(p -> assertThat(p.path("instances").size()).isEqualTo(1));
            assertThat(health.path("pvCount").asInt()).isEqualTo(configured.size());
        });
        // each PV's state names the instance that monitors it
        for (String pv : List.of(ioc.simulatedPvName(1), ioc.simulatedPvName(2), ioc.pvName("DOUBLE"))) {
            String owner = ingestA.monitoredPvs().contains(pv) ? "ingest-a" : "ingest-b";
            awaitPv(pv, view -> owner.equals(view.path("instance").asText()) && view.path("connected").asBoolean());
        }
    }

    @Test
    @Order(2)
    void aWaveformAboveTheSizeLimitGetsItsOwnErrorAndTheOthersAreUnaffected() {
        String wave = ioc.pvName("WAVE");
        JsonNode view = awaitPv(wave, v -> v.path("connected").asBoolean() && !v.path("error").isNull());
        assertThat(view.path("error").asText()).contains("waveform too large", "ca.max.array.bytes=16384");
        assertThat(view.path("value").isNull()).isTrue();
        awaitPv(ioc.pvName("DOUBLE"), v -> v.path("value").isNumber() && v.path("error").isNull());
        await().atMost(PATIENCE).untilAsserted(() -> {
            int errored = 0;
            for (JsonNode instance : get("/api/v1/health/ingest").path("instances")) {
                errored += instance.path("pvErrorCount").asInt();
                instance.path("pvErrors").forEach(e -> assertThat(e.path("error").asText()).contains("too large"));
            }
            assertThat(errored).as("SIM:WAVE and SIM:LONGWAVE").isEqualTo(2);
        });
    }

    @Test
    @Order(3)
    void aPvAddedOverRestIsMonitoredAndOneRemovedIsMarkedRemoved() {
        HttpResponse<String> put = send(HttpRequest.newBuilder(uri("/api/v1/config/pvs/" + ADDED_AT_RUN_TIME))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"deadband\":0.5,\"tags\":[\"runtime\"]}")));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        JsonNode added = awaitPv(ADDED_AT_RUN_TIME, v -> v.path("value").isNumber() && v.path("connected").asBoolean());
        assertThat(added.path("removed").asBoolean()).isFalse();
        await().atMost(PATIENCE).until(() -> get("/api/v1/config/pvs/" + ADDED_AT_RUN_TIME)
                .path("tags").toString().equals("[\"runtime\"]"));

        String removed = ioc.simulatedPvName(5);
        awaitPv(removed, v -> v.path("connected").asBoolean());
        HttpResponse<String> delete = send(HttpRequest.newBuilder(uri("/api/v1/config/pvs/" + removed)).DELETE());
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);

        JsonNode gone = awaitPv(removed, v -> v.path("removed").asBoolean());
        assertThat(gone.path("removedAt").asText()).isNotBlank();
        assertThat(gone.path("value").isNumber()).as("the last value is kept").isTrue();
        await().atMost(PATIENCE).until(() -> !ingestA.monitoredPvs().contains(removed)
                && !ingestB.monitoredPvs().contains(removed));
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/config/pvs/" + removed)).GET()).statusCode())
                .isEqualTo(404);
        configured.add(ADDED_AT_RUN_TIME);
        configured.remove(removed);
    }

    @Test
    @Order(4)
    void theWatchdogFlagsAConnectedPvThatStaysSilentAndItsNextUpdateClearsTheFlag() {
        String silent = ioc.pvName("STRING");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(names(get("/api/v1/health/stale").path("items")))
                .contains(silent)
                .doesNotContain(ioc.simulatedPvName(1))); // moves at 2 Hz
        assertThat(awaitPv(silent, v -> v.path("stale").asBoolean()).path("staleSince").asText()).isNotBlank();

        ioc.set(silent, "awake");
        awaitPv(silent, v -> "awake".equals(v.path("value").asText()) && !v.path("stale").asBoolean());
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(names(get("/api/v1/health/stale").path("items"))).doesNotContain(silent));
    }

    @Test
    @Order(5)
    void theIngestServesPrometheusMetrics() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpResponse<String> metrics = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).GET());
            assertThat(metrics.statusCode()).isEqualTo(200);
            Map<String, Double> samples = metrics.body().lines().filter(line -> !line.startsWith("#"))
                    .map(line -> line.split(" "))
                    .collect(Collectors.toMap(parts -> parts[0], parts -> Double.parseDouble(parts[1])));
            assertThat(samples.get("pvstream_ingest_pvs")).isEqualTo(ingestA.stats().pvCount());
            assertThat(samples.get("pvstream_ingest_pvs_connected")).isPositive();
            assertThat(samples.get("pvstream_ingest_updates_received_total")).isPositive();
            assertThat(samples.get("pvstream_ingest_records_published_total")).isPositive();
        });
    }

    @Test
    @Order(6)
    void killingAnInstanceMovesItsPvsToTheOthersWithinSeconds() throws InterruptedException {
        // A third instance in its own JVM, so SIGKILL is a real crash: no leave-group, no last heartbeat;
        // the group notices only when its session times out (ingest.group.session.timeout.ms = 10 s).
        ChildJvm ingestC = ChildJvm.start("ingest-c", IngestMain.class, List.of(), Map.of(
                        "PVSTREAM_BOOTSTRAP_SERVERS", String.valueOf(platform.common().get(CommonConfig.BOOTSTRAP_SERVERS)),
                        "PVSTREAM_CA_ADDR_LIST", ioc.addressList(),
                        "PVSTREAM_INGEST_INSTANCE_ID", "ingest-c",
                        "PVSTREAM_INGEST_HEARTBEAT_INTERVAL_MS", "1000",
                        "PVSTREAM_CA_MAX_ARRAY_BYTES", "16384"),
                List.of("-Xmx256m"), line -> true);
        try {
            Set<Integer> partitionsOfC = new HashSet<>();
            await().atMost(PATIENCE).untilAsserted(() -> {
                partitionsOfC.clear();
                partitionsOfC.addAll(partitionsOf(get("/api/v1/health/ingest"), "ingest-c"));
                assertThat(partitionsOfC).as("ingest-c took partitions").isNotEmpty();
                Set<String> aAndB = new HashSet<>(ingestA.monitoredPvs());
                aAndB.addAll(ingestB.monitoredPvs());
                assertThat(aAndB).as("the others gave its PVs up").hasSizeLessThan(configured.size());
            });
            ingestC.kill();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Set<String> aAndB = new HashSet<>(ingestA.monitoredPvs());
                aAndB.addAll(ingestB.monitoredPvs());
                assertThat(aAndB).isEqualTo(configured);
                assertThat(ingestA.monitoredPvs()).doesNotContainAnyElementsOf(ingestB.monitoredPvs());
                assertThat(ingestA.stats().connectedCount() + ingestB.stats().connectedCount())
                        .isEqualTo(configured.size());
            });
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode health = get("/api/v1/health/ingest");
                assertThat(health.path("alive").asInt()).isEqualTo(2);
                assertThat(health.path("unowned").isEmpty()).isTrue();
                assertThat(partitionsOf(health, "ingest-c")).isEmpty();
            });
        } finally {
            ingestC.kill();
        }
    }

    @Test
    @Order(7)
    void closingOneInstanceMovesAllItsPvsToTheOtherWithinSeconds() {
        Set<String> movedAway = ingestB.monitoredPvs();
        assertThat(movedAway).isNotEmpty();
        ingestB.close();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ingestA.monitoredPvs()).isEqualTo(configured);
            assertThat(ingestA.stats().connectedCount()).isEqualTo(configured.size());
        });
        String moved = movedAway.stream().filter(pv -> pv.startsWith("SIM:PV")).findFirst().orElseThrow();
        awaitPv(moved, v -> "ingest-a".equals(v.path("instance").asText()) && v.path("connected").asBoolean());
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode health = get("/api/v1/health/ingest");
            assertThat(health.path("alive").asInt()).isEqualTo(1);
            assertThat(health.path("dead").asInt()).as("ingest-b and ingest-c, after their missed heartbeats")
                    .isEqualTo(2);
            assertThat(health.path("unowned").isEmpty()).isTrue();
            health.path("partitions").forEach(p ->
                    assertThat(p.path("instances").toString()).isEqualTo("[\"ingest-a\"]"));
        });
    }

    @Test
    @Order(8)
    void fortyThousandPvsImportFromACsvAndReachTheIngest() {
        String csv = "name,deadband,monitorMask,tags\n" + IntStream.rangeClosed(1, 40_000)
                .mapToObj(i -> String.format("BULK:PV%05d,0.1,VALUE|ALARM,bulk", i))
                .collect(Collectors.joining("\n")) + "\nBULK:BAD,-1,,\n";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/config/pvs/import"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = read(response.body());
        assertThat(report.path("lines").asInt()).isEqualTo(40_001);
        assertThat(report.path("imported").asInt()).isEqualTo(40_000);
        assertThat(report.path("failed").asInt()).isEqualTo(1);
        assertThat(report.path("errors").get(0).path("line").asInt()).isEqualTo(40_002);

        // No IOC serves these names: they reach the ingest's desired set, and wait there for an IOC.
        await().atMost(PATIENCE).until(() -> ingestA.stats().pvCount() == configured.size() + 40_000);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode page = get("/api/v1/config/pvs?prefix=BULK:&limit=10000&after=BULK:PV29999");
            assertThat(page.path("items").size()).isEqualTo(10_000);
            assertThat(page.path("items").get(0).path("name").asText()).isEqualTo("BULK:PV30000");
            assertThat(page.path("items").get(0).path("tags").toString()).isEqualTo("[\"bulk\"]");
        });
    }

    /** The partitions the who-is-where report gives to one instance. */
    private static Set<Integer> partitionsOf(JsonNode health, String instance) {
        Set<Integer> owned = new HashSet<>();
        health.path("partitions").forEach(p -> p.path("instances").forEach(i -> {
            if (instance.equals(i.asText())) {
                owned.add(p.path("partition").asInt());
            }
        }));
        return owned;
    }

    private JsonNode awaitPv(String pv, Predicate<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/pvs/" + pv)).GET());
            assertThat(response.statusCode()).as("GET %s: %s", pv, response.body()).isEqualTo(200);
            JsonNode view = read(response.body());
            assertThat(condition).as("%s", view).accepts(view);
            seen[0] = view;
        });
        return seen[0];
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return read(response.body());
    }

    private static List<String> names(JsonNode items) {
        return java.util.stream.StreamSupport.stream(items.spliterator(), false)
                .map(item -> item.path("name").asText()).toList();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TestPlatform.ADMIN_KEY) // PV configuration needs admin
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
