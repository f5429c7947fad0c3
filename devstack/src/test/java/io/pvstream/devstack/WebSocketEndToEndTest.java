package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.pvstream.devstack.WebSocketTestClient.Received;
import io.pvstream.simioc.SimulatedIoc;

/**
 * {@code /api/v1/ws} on real parts: simulated IOC → ingest → KRaft broker → Streams (pv.diffs) → two query-api
 * instances → real WebSocket clients ({@code java.net.http}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketEndToEndTest {

    private static final Duration PATIENCE = TestPlatform.PATIENCE;
    /** In pv.config only when a test adds it: a PV that appears at run time. */
    private static final String LATE_PV = "SIM:PV00020";
    private static final long WINDOW_MS = 100;
    /** A PV of its own IOC, updating at 10 Hz: one change per batching window. */
    private static final String FAST_PV = "FAST:PV00001";

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private SimulatedIoc ioc;
    private int api1;
    private int api2;

    @BeforeAll
    void startPlatform() {
        platform = TestPlatform.withBroker();
        // 20 moving PVs and a 8192-element waveform (≈160 KB of JSON per change), all at 5 Hz.
        ioc = platform.addIoc(SimulatedIoc.builder().pvCount(20).updateRateHz(5).setpointCount(0).waveformLength(8192));
        platform.addIoc(SimulatedIoc.builder().prefix("FAST:").pvCount(1).updateRateHz(10).setpointCount(0)
                .waveformLength(4));
        platform.startServices(2, Map.of("ws.batch.window.ms", WINDOW_MS, "ws.slow.client.grace.ms", 2000),
                pv -> !pv.equals(LATE_PV));
        api1 = platform.api(0).port();
        api2 = platform.api(1).port();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpJson.Response pv = http.get(api1, "/api/v1/pvs/SIM:PV00005");
            return pv.status() == 200 && pv.body().path("value").isNumber();
        });
    }

    @AfterAll
    void stopPlatform() {
        platform.close();
    }

    private static String subscribe(List<String> pvs, List<String> patterns) {
        return "{\"type\":\"subscribe\",\"id\":\"sub\",\"pvs\":" + jsonArray(pvs) + ",\"patterns\":" + jsonArray(patterns) + "}";
    }

    private static String jsonArray(List<String> items) {
        return items.stream().map(item -> "\"" + item + "\"").reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]")
                .orElse("[]");
    }

    private static List<String> namesIn(Received diffs) {
        List<String> names = new ArrayList<>();
        diffs.json().path("diffs").forEach(diff -> names.add(diff.path("name").asText()));
        return names;
    }

    @Test
    void subscribeGetsTheCurrentStateFirstThenBatchedDiffs() {
        List<String> pvs = List.of("SIM:PV00001", "SIM:PV00002", "SIM:PV00003", "SIM:PV00004", "SIM:PV00005");
        try (WebSocketTestClient client = WebSocketTestClient.connect(api2)) {
            Received snapshot = client.subscribe(subscribe(pvs, List.of()), PATIENCE);
            assertThat(snapshot.json().path("pvs")).extracting(pv -> pv.path("name").asText())
                    .containsExactlyInAnyOrderElementsOf(pvs);
            assertThat(snapshot.json().path("pvs").get(0).path("units").asText()).as("the REST view").isEqualTo("mA");

            await().atMost(PATIENCE).until(() -> client.ofType("diffs").size() >= 20);
            List<Received> batches = client.ofType("diffs");
            assertThat(batches.get(0).receivedNs()).isGreaterThan(snapshot.receivedNs());
            assertThat(client.diffs()).extracting(diff -> diff.path("name").asText()).allMatch(pvs::contains);
            // 5 PVs at 5 Hz are 25 changes/s; one message per 100 ms window carries several of them
            assertThat(client.diffs().size()).isGreaterThan(batches.size());
            for (int i = 1; i < batches.size(); i++) {
                assertThat(batches.get(i).json().path("seq").asLong())
                        .isEqualTo(batches.get(i - 1).json().path("seq").asLong() + 1);
            }
            long spanMs = (batches.get(batches.size() - 1).receivedNs() - batches.get(0).receivedNs()) / 1_000_000;
            assertThat(batches.size() - 1).as("at most one message per window").isLessThanOrEqualTo((int) (spanMs / WINDOW_MS) + 2);
            JsonNode diff = client.diffs().get(0);
            assertThat(diff.path("changes")).extracting(JsonNode::asText).contains("VALUE");
            assertThat(diff.path("timestampNs").asLong()).isPositive();
        }
    }

    /**
     * Issue 12: on the socket of a valid subscription to a 10 Hz PV, a message without "type" (and other bad ones)
     * gets bad_request, and the PV's diffs go on arriving.
     */
    @Test
    void aValidSubscriptionKeepsStreamingA10HzPvAfterBadMessagesOnTheSameSocket() {
        try (WebSocketTestClient client = WebSocketTestClient.connect(api1)) {
            client.subscribe(subscribe(List.of(FAST_PV), List.of()), PATIENCE);
            await().atMost(PATIENCE).until(() -> batchesWith(client, FAST_PV, 0).size() >= 5);

            List<String> bad = List.of("{\"op\":\"subscribe\",\"id\":\"b1\",\"pvs\":[\"" + FAST_PV + "\"]}",
                    "{\"type\":\"subscribe\",\"pvs\":", "{\"type\":\"subscribe\",\"id\":\"b3\",\"pvs\":[\"FAST:*\"]}");
            bad.forEach(client::send);
            await().atMost(PATIENCE).until(() -> client.ofType("error").size() == bad.size());
            assertThat(client.ofType("error")).allSatisfy(error ->
                    assertThat(error.json().path("error").asText()).isEqualTo("bad_request"));
            long lastErrorNs = client.ofType("error").get(bad.size() - 1).receivedNs();

            // 10 Hz: 30 more batches carrying the PV are 3 s of streaming after the last error
            await().atMost(PATIENCE).until(() -> batchesWith(client, FAST_PV, lastErrorNs).size() >= 30);
            List<Received> after = batchesWith(client, FAST_PV, lastErrorNs);
            assertThat(client.closed).isNotDone();
            long spanMs = (after.get(after.size() - 1).receivedNs() - lastErrorNs) / 1_000_000;
            System.out.printf("%s after the bad messages: %d batches in %d ms, %.0f %% of the %d ms windows%n", FAST_PV,
                    after.size(), spanMs, 100.0 * after.size() * WINDOW_MS / Math.max(1, spanMs), WINDOW_MS);
            assertThat(after.stream().map(m -> m.json().path("diffs").get(0).path("timestampNs").asLong()).distinct()
                    .count()).as("new values, not repeats").isGreaterThanOrEqualTo(25);
            // Bound with room for a loaded 2-core machine; a stalled stream would show a gap of the whole wait.
            assertThat(Latency.of(after).maxGapMs).as("longest pause between batches").isLessThan(1_500);
        }
    }

    @Test
    void aDesiredPvNoIocServesIsInTheSnapshotAsNeverConnectedNotUnknown() {
        String missing = "NOIOC:WS1";
        PvConfigSeeder.seed(new java.util.HashMap<>(platform.common()), List.of(missing));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get(api2, "/api/v1/pvs/" + missing).status() == 200);
        try (WebSocketTestClient client = WebSocketTestClient.connect(api1)) {
            Received snapshot = client.subscribe(subscribe(List.of(missing, "NOIOC:NOT:DESIRED"), List.of()), PATIENCE);
            assertThat(snapshot.json().path("pvs")).singleElement().satisfies(pv -> {
                assertThat(pv.path("name").asText()).isEqualTo(missing);
                assertThat(pv.path("neverConnected").asBoolean()).isTrue();
                assertThat(pv.path("connected").asBoolean(true)).isFalse();
            });
            assertThat(snapshot.json().path("unknown")).extracting(JsonNode::asText).containsExactly("NOIOC:NOT:DESIRED");
        }
    }

    /** The diffs messages received after {@code afterNs} that carry {@code pv}. */
    private static List<Received> batchesWith(WebSocketTestClient client, String pv, long afterNs) {
        return client.ofType("diffs").stream().filter(m -> m.receivedNs() > afterNs)
                .filter(m -> namesIn(m).contains(pv)).toList();
    }

    @Test
    void unsubscribeStopsTheDiffsOfThatPv() {
        try (WebSocketTestClient client = WebSocketTestClient.connect(api1)) {
            client.subscribe(subscribe(List.of("SIM:PV00006", "SIM:PV00007"), List.of()), PATIENCE);
            await().atMost(PATIENCE).until(() -> client.diffs().stream()
                    .anyMatch(diff -> diff.path("name").asText().equals("SIM:PV00006")));

            client.send("{\"type\":\"unsubscribe\",\"id\":\"u\",\"pvs\":[\"SIM:PV00006\"]}");
            Received ack = client.await(m -> m.type().equals("unsubscribed"), PATIENCE);
            assertThat(ack.json().path("subscriptions").asInt()).isEqualTo(1);

            // the other PV keeps coming: wait for 10 batches after the ack, then none may hold the unsubscribed PV
            await().atMost(PATIENCE).until(() -> client.ofType("diffs").stream()
                    .filter(m -> m.receivedNs() > ack.receivedNs()).count() >= 10);
            client.ofType("diffs").stream().filter(m -> m.receivedNs() > ack.receivedNs())
                    .forEach(m -> assertThat(namesIn(m)).containsOnly("SIM:PV00007"));
        }
    }

    @Test
    void aPatternSubscriptionPicksUpAPvAddedLater() {
        try (WebSocketTestClient client = WebSocketTestClient.connect(api1)) {
            Received snapshot = client.subscribe(subscribe(List.of(), List.of("SIM:PV0002*")), PATIENCE);
            assertThat(snapshot.json().path("pvs")).as("%s is not monitored yet", LATE_PV).isEmpty();

            PvConfigSeeder.seed(new java.util.HashMap<>(platform.common()), List.of(LATE_PV));

            await().atMost(PATIENCE).until(() -> client.diffs().stream()
                    .anyMatch(diff -> diff.path("name").asText().equals(LATE_PV)));
            JsonNode first = client.diffs().stream().filter(diff -> diff.path("name").asText().equals(LATE_PV))
                    .findFirst().orElseThrow();
            assertThat(first.path("changes")).extracting(JsonNode::asText).contains("FIRST");
            await().atMost(PATIENCE).until(() -> client.diffs().stream()
                    .anyMatch(diff -> diff.path("name").asText().equals(LATE_PV) && diff.path("value").isNumber()));
        }
    }

    @Test
    void bothInstancesServeTheSameSubscription() {
        try (WebSocketTestClient one = WebSocketTestClient.connect(api1);
             WebSocketTestClient two = WebSocketTestClient.connect(api2)) {
            one.subscribe(subscribe(List.of("SIM:DOUBLE"), List.of()), PATIENCE);
            two.subscribe(subscribe(List.of("SIM:DOUBLE"), List.of()), PATIENCE);

            for (double value : new double[] {42.5, -7.25}) {
                ioc.set("SIM:DOUBLE", value);
                for (WebSocketTestClient client : List.of(one, two)) {
                    await().atMost(PATIENCE).until(() -> client.diffs().stream()
                            .anyMatch(diff -> diff.path("value").asDouble() == value));
                }
            }
        }
    }

    @Test
    void aSlowClientIsCoalescedAndDisconnectedWhileAFastClientKeepsItsLatency() throws Exception {
        List<String> patterns = List.of("SIM:PV*", "SIM:WAVE");
        try (WebSocketTestClient fast = WebSocketTestClient.connect(api1);
             WebSocketTestClient slow = WebSocketTestClient.connectSlow(api1)) {
            fast.subscribe(subscribe(List.of(), patterns), PATIENCE);
            await().atMost(PATIENCE).until(() -> fast.ofType("diffs").size() >= 40);
            Latency before = Latency.of(fast.ofType("diffs").subList(10, 40)); // past the subscribe

            slow.subscribe(subscribe(List.of(), patterns), PATIENCE); // from here on it takes nothing
            int fastBatchesAtStall = fast.ofType("diffs").size();

            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                    .until(() -> http.get(api1, "/api/v1/ws/stats").body().path("slowDisconnects").asLong() >= 1);
            List<Received> fastDuringStall = fast.ofType("diffs").subList(fastBatchesAtStall, fast.ofType("diffs").size());

            slow.resume(); // take what was buffered, then the close frame
            WebSocketTestClient.Closed closed = slow.closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).startsWith("too slow");
            Matcher coalesced = Pattern.compile("(\\d+) coalesced").matcher(closed.reason());
            assertThat(coalesced.find()).as(closed.reason()).isTrue();
            assertThat(Long.parseLong(coalesced.group(1))).as("updates coalesced before the disconnect").isPositive();

            // the fast client on the same instance went on getting its batches at the same latency
            Latency during = Latency.of(fastDuringStall);
            assertThat(fastDuringStall.size()).as("batches while the slow client was stuck").isGreaterThan(10);
            // Bounds with room for a loaded 2-core machine: a fast client stuck behind the slow one would see
            // no batch at all for the 2 s grace and a latency growing with it.
            assertThat(during.maxGapMs).as("longest pause between batches").isLessThan(1_500);
            assertThat(during.p50Ms).as("p50 IOC → receive; before the stall: %s", before)
                    .isLessThan(2 * before.p50Ms + 500);
            assertThat(fast.closed).isNotDone();
        }
    }

    /** Latency of scalar diffs (IOC timestamp → received) and the longest gap between batches. */
    record Latency(long p50Ms, long maxGapMs) {
        static Latency of(List<Received> batches) {
            List<Long> latencies = new ArrayList<>();
            long maxGap = 0;
            for (int i = 0; i < batches.size(); i++) {
                Received batch = batches.get(i);
                if (i > 0) {
                    maxGap = Math.max(maxGap, (batch.receivedNs() - batches.get(i - 1).receivedNs()) / 1_000_000);
                }
                batch.json().path("diffs").forEach(diff -> {
                    if (diff.path("timestampNs").isNumber()) {
                        latencies.add((batch.receivedNs() - diff.path("timestampNs").asLong()) / 1_000_000);
                    }
                });
            }
            latencies.sort(Long::compare);
            return new Latency(latencies.isEmpty() ? Long.MAX_VALUE : latencies.get(latencies.size() / 2), maxGap);
        }
    }
}
