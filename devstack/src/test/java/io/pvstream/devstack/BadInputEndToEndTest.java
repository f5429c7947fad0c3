package io.pvstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.devstack.HostileRequests.Attack;
import io.pvstream.devstack.HostileRequests.Expect;
import io.pvstream.query.QueryApiConfig;
import io.pvstream.query.security.SecurityApi.RouteAccess;
import io.pvstream.simioc.SimulatedIoc;

/**
 * Malformed and hostile requests to every route of the running API's route table (taken from Javalin at run time,
 * so a new route is attacked too, once it is in the OpenAPI description, which OpenApiRouteTableTest demands), on
 * real parts: broker, PostgreSQL primary + replica, Connect, a simulated IOC, ingest, one query-api. Every one must
 * get a 4xx with a JSON error (never a 5xx, never a hang) and nothing may be written. What it tries is listed in
 * docs/reliability.md ("Bad input").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpJson http = new HttpJson();
    private TestPlatform platform;
    private int port;
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        platform = TestPlatform.withBroker();
        platform.addIoc(SimulatedIoc.builder().pvCount(3).updateRateHz(0).setpointCount(1));
        platform.startOps();
        platform.startServices(1, Map.of());
        port = platform.api(0).port();
        // something real behind every kind of id, so that a bad parameter or body is what gets refused, not the id
        ids.put("/api/v1/tags", created(() -> http.post(port, "/api/v1/tags", "{\"name\":\"bad-input\"}"), "id"));
        ids.put("/api/v1/configurations", created(() -> http.post(port, "/api/v1/configurations",
                "{\"name\":\"bad-input\",\"pvs\":[\"SIM:SP00001\"]}"), "id"));
        ids.put("/api/v1/snapshots", created(() -> http.post(port, "/api/v1/snapshots",
                "{\"name\":\"bad-input\",\"pvs\":[\"SIM:PV00001\",\"SIM:SP00001\"]}"), "id"));
        ids.put("/api/v1/jobs", created(() -> http.post(port, "/api/v1/snapshots/" + ids.get("/api/v1/snapshots")
                + "/restore", "{\"dryRun\":true}"), "jobId"));
        ids.put("/api/v1/keys", created(() -> http.post(port, "/api/v1/keys", "{\"name\":\"bad-input\",\"role\":\"reader\"}"),
                "id"));
        ids.put("fingerprint", http.get(port, "/api/v1/schemas").body().findValuesAsText("fingerprint").get(0));
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void everyRouteAnswersBadInputWithA4xxJsonErrorAndWritesNothing() throws Exception {
        List<RouteAccess> routes = platform.api(0).routes();
        JsonNode description = http.get(port, "/api/v1/openapi.json").body();
        int maxBodyBytes = (int) QueryApiConfig.load(Map.of(), Map.of()).maxRequestBytes();
        HostileRequests hostile = new HostileRequests(description, this::realValue, maxBodyBytes);
        List<Attack> attacks = new ArrayList<>();
        routes.forEach(route -> attacks.addAll(hostile.of(route.method(), route.path())));
        attacks.addAll(wrongMethods(routes, hostile));
        attacks.addAll(RawAttacks.all());

        WriteLedger ledger = new WriteLedger(new java.util.HashMap<>(platform.common()),
                platform.ops().postgres().primaryJdbcUrl());
        awaitBufferDrained();
        WriteLedger.Mark before = ledger.mark();
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        for (Attack attack : attacks) {
            RawHttp.Answer answer = RawHttp.send(port, attack.method(), attack.target(), headers(attack), attack.body());
            statuses.merge(Integer.toString(answer.status()), 1, Integer::sum);
            problem(attack, answer).ifPresent(wrong::add);
        }
        long sent = System.nanoTime();
        awaitBufferDrained(); // the audit records of the refused writes, so the tables are compared at rest
        List<String> written = ledger.writtenSince(before);

        System.out.printf("bad input: %d requests to %d routes in %d ms (then %d ms until the buffer drained), "
                + "statuses %s%n", attacks.size(), routes.size(), (sent - started) / 1_000_000,
                (System.nanoTime() - sent) / 1_000_000, statuses);
        org.assertj.core.api.SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(wrong).as("requests not answered with a 4xx JSON error").isEmpty();
            softly.assertThat(written).as("written by refused requests").isEmpty();
        });
        assertThat(attacks).hasSizeGreaterThan(500);
        assertThat(http.get(port, "/api/v1/health/ready").status()).as("still serving").isEqualTo(200);
    }

    /**
     * WebSocket floods: bad messages until the server closes the sender (1008), a frame over ws.max.message.bytes
     * (1009), thousands of valid messages as fast as they go (each answered). A client watching all along keeps being
     * served, as does a new one.
     */
    @Test
    void webSocketFloodsCloseTheFlooderAndNobodyElse() throws Exception {
        String subscribe = "{\"type\":\"subscribe\",\"id\":\"w\",\"pvs\":[\"SIM:PV00001\"]}";
        try (WebSocketTestClient watcher = WebSocketTestClient.connect(port);
             WebSocketTestClient bad = WebSocketTestClient.connect(port);
             WebSocketTestClient huge = WebSocketTestClient.connect(port);
             WebSocketTestClient many = WebSocketTestClient.connect(port)) {
            watcher.subscribe(subscribe, PATIENCE);
            List<String> badMessages = List.of("not json", "{\"type\":\"nope\"}", "{\"type\":\"subscribe\",\"pvs\":123}",
                    "{\"type\":\"subscribe\",\"pvs\":[\"" + "x".repeat(5_000) + "\"]}", "[]", "{",
                    "\u0000", subscribe + "}}");
            sendEachAwaitingItsAnswer(bad, badMessages, 1_000);
            assertThat(bad.closed.get(15, java.util.concurrent.TimeUnit.SECONDS).code()).as("bad messages")
                    .isEqualTo(1008);
            assertThat(bad.ofType("error")).as("each bad message is answered with an error first").isNotEmpty();

            // one byte over the limit: small enough to be sent whole before the server closes, so its close code arrives
            int maxMessageBytes = QueryApiConfig.load(Map.of(), Map.of()).wsSettings().maxMessageBytes();
            String prefix = "{\"type\":\"subscribe\",\"pvs\":[\"";
            sendUntilClosed(huge, List.of(prefix + "x".repeat(maxMessageBytes - prefix.length() - 2) + "\"]}"), 1);
            assertThat(huge.closed.get(15, java.util.concurrent.TimeUnit.SECONDS).code()).as("a huge frame")
                    .isEqualTo(1009);

            // valid and cheap: every one is answered, in order, and the connection stays (a burst of subscribes
            // beyond the snapshot loads allowed in flight is answered "busy", which counts as bad: 1008 as above)
            sendUntilClosed(many, List.of("{\"type\":\"unsubscribe\",\"pvs\":[\"SIM:PV00002\"]}"), 5_000);
            await().atMost(PATIENCE).until(() -> many.ofType("unsubscribed").size() == 5_000);
            assertThat(many.closed).as("the valid flood's connection").isNotDone();
            assertThat(many.subscribe(subscribe, PATIENCE).json().path("pvs")).hasSize(1);

            assertThat(watcher.closed).as("the watcher's connection").isNotDone();
            int seen = watcher.received.size();
            watcher.await(m -> watcher.received.indexOf(m) >= seen && m.type().equals("heartbeat"), PATIENCE);
            try (WebSocketTestClient fresh = WebSocketTestClient.connect(port)) {
                assertThat(fresh.subscribe(subscribe, PATIENCE).json().path("pvs")).hasSize(1);
            }
            assertThat(http.get(port, "/api/v1/health/ready").status()).isEqualTo(200);
        }
    }

    /** The running instance's /metrics has every part wired: Streams, the ops buffer and replica, WebSocket, HTTP. */
    @Test
    void metricsOfTheRunningInstance() {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(http.getText(port, "/metrics").body())
                .contains("pvstream_streams_running 1")
                .contains("pvstream_streams_process_rate ")
                .contains("pvstream_streams_store_lag_seconds ")
                .contains("pvstream_streams_records_behind{topic=\"pv.values\"}")
                .contains("pvstream_ops_pending_transactions{state=\"pending\"}")
                .contains("pvstream_ops_dead_letters ")
                .contains("pvstream_ops_replica_lag_bytes ")
                .contains("pvstream_ops_database_reachable{role=\"replica\"} 1")
                .contains("pvstream_ws_clients ")
                .contains("pvstream_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/schemas\","
                        + "status=\"200\"}"));
    }

    /**
     * Sends {@code messages} in turn, each after the answer to the one before (a reply or the close), {@code count} in
     * all or until the server has closed the connection. Sending blind past the server's close makes its kernel reset
     * the connection on the unread bytes, and the client then sees the reset (-1) instead of the close code.
     */
    private static void sendEachAwaitingItsAnswer(WebSocketTestClient client, List<String> messages, int count) {
        for (int i = 0; i < count && !client.closed.isDone(); i++) {
            int seen = client.received.size();
            try {
                client.send(messages.get(i % messages.size()));
            } catch (RuntimeException e) {
                return; // closed under us: the close code tells why
            }
            await().atMost(PATIENCE).until(() -> client.received.size() > seen || client.closed.isDone());
        }
    }

    /** Sends {@code messages} in turn, {@code count} in all, or until the server has closed the connection. */
    private static void sendUntilClosed(WebSocketTestClient client, List<String> messages, int count) {
        for (int i = 0; i < count && !client.closed.isDone(); i++) {
            try {
                client.send(messages.get(i % messages.size()));
            } catch (RuntimeException e) {
                return; // closed under us: the close code tells why
            }
        }
    }

    /** Why {@code answer} is wrong for {@code attack}, if it is. */
    private static java.util.Optional<String> problem(Attack attack, RawHttp.Answer answer) {
        boolean refused = answer.status() >= 400 && answer.status() < 500;
        boolean json = answer.contentType().startsWith("application/json") && isJsonError(answer.body());
        boolean ok = attack.expect() == Expect.REFUSED ? refused && json
                : answer.status() > 0 && answer.status() < 500 && (answer.status() < 400 || json);
        if (ok) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(attack.route() + " [" + attack.what() + "] " + attack.method() + " "
                + HostileRequests.abbreviate(attack.target()) + " -> " + answer.status() + " " + answer.contentType()
                + " " + HostileRequests.abbreviate(answer.body().replace('\n', ' ')));
    }

    private static boolean isJsonError(String body) {
        try {
            return JSON.readTree(body).path("error").isTextual();
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, String> headers(Attack attack) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + TestPlatform.ADMIN_KEY); // passes the access check: input is the test
        if (attack.target().startsWith("/api/v1/internal/")) {
            headers.put("X-Pvstream-Cluster-Token", TestPlatform.INTERNAL_TOKEN);
        }
        if (attack.contentType() != null) {
            headers.put("Content-Type", attack.contentType());
        }
        headers.putAll(attack.headers());
        return headers;
    }

    /** Each path with a method it does not have (PATCH everywhere, DELETE where there is none). */
    private List<Attack> wrongMethods(List<RouteAccess> routes, HostileRequests hostile) {
        Map<String, Set<String>> methods = new TreeMap<>();
        routes.forEach(route -> methods.computeIfAbsent(route.path(), path -> new LinkedHashSet<>()).add(route.method()));
        List<Attack> attacks = new ArrayList<>();
        methods.forEach((template, has) -> {
            String path = hostile.concrete(template);
            attacks.add(new Attack("* " + template, "no such method", "PATCH", path, null, null, Expect.REFUSED));
            // DELETE /config/pvs/export is DELETE /config/pvs/{name} of a PV named "export": not a wrong method
            boolean otherRoute = routes.stream().anyMatch(route -> route.method().equals("DELETE")
                    && path.matches(route.path().replaceAll("\\{[^}]+}", "[^/]+")));
            if (!has.contains("DELETE") && !otherRoute) {
                attacks.add(new Attack("* " + template, "no such method", "DELETE", path, null, null, Expect.REFUSED));
            }
        });
        return attacks;
    }

    /** A value that exists for a path parameter of {@code template}. */
    private String realValue(String template, String param) {
        switch (param) {
            case "name":
                return "SIM:PV00001";
            case "offset":
                return "0";
            case "fingerprint":
                return ids.get("fingerprint");
            case "entityId":
                return ids.get("/api/v1/tags");
            case "id":
                for (Map.Entry<String, String> id : ids.entrySet()) {
                    if (template.startsWith(id.getKey() + "/")) {
                        return id.getValue();
                    }
                }
                break;
            default:
                break;
        }
        throw new AssertionError("no real value for {" + param + "} of " + template
                + ": add one in BadInputEndToEndTest.realValue (create the thing in start())");
    }

    /** Sends until it succeeds (a busy machine may time a snapshot out while the stores catch up): the new id. */
    private static String created(java.util.function.Supplier<HttpJson.Response> request, String field) {
        String[] id = new String[1];
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            HttpJson.Response response = request.get();
            id[0] = response.status() >= 200 && response.status() <= 202 ? response.body().path(field).asText() : null;
            return id[0] != null;
        });
        return id[0];
    }

    private void awaitBufferDrained() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(
                http.get(port, "/api/v1/health/buffer").body().path("pending").path("count").asLong()).isZero());
    }
}
