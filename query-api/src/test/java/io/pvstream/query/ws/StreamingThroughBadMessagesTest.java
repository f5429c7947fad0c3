package io.pvstream.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.query.ws.ClientRequest.Subscribe;
import io.pvstream.query.ws.Outcome.InitialStateRequest;

/**
 * A valid subscription goes on streaming whatever else the client sends on the same socket: bad messages of every
 * kind, another subscribe whose snapshot is still loading. Session logic and the text path of {@link WsClient}
 * (parser, session, sink) with time as a number and a sink that writes at once.
 */
class StreamingThroughBadMessagesTest {

    private static final long WINDOW = Duration.ofMillis(100).toNanos();
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** At most 2 bad messages per heartbeat interval; the third closes. */
    private static final WsSettings SETTINGS = new WsSettings(Duration.ofMillis(100), HEARTBEAT, 10, 65536, 100,
            Duration.ofSeconds(2), 2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerMessages MESSAGES = new ServerMessages(JSON);
    /** What a client may send wrongly; each is answered with an error, none may stop the diffs. */
    private static final List<String> BAD = List.of(
            "{\"op\":\"subscribe\",\"pvs\":[\"SIM:B\"]}", // no type: the case of the issue
            "{\"type\":\"subscribe\",\"pvs\":[\"SIM:B\"]", // malformed JSON
            "not json at all",
            "[\"subscribe\"]",
            "{\"type\":\"subscrbe\",\"pvs\":[\"SIM:B\"]}",
            "{\"type\":42}",
            "{\"type\":\"subscribe\"}",
            "{\"type\":\"subscribe\",\"pvs\":[\"SIM:*\"]}",
            "{\"type\":\"subscribe\",\"pvs\":[\"\"]}",
            "{\"type\":\"subscribe\",\"pvs\":[\"SIM:\\u0000\"]}",
            "{\"type\":\"subscribe\",\"pvs\":\"SIM:B\"}",
            "{\"type\":\"unsubscribe\",\"pvs\":[17]}",
            "{\"type\":\"subscribe\",\"jobs\":[\"j?\"]}",
            "{\"type\":\"subscribe\",\"pvs\":[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\",\"G\",\"H\",\"I\",\"J\",\"K\"]}");

    private final ClientRequestParser parser = new ClientRequestParser(JSON, SETTINGS.maxSubscriptions());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private long now = 1_000_000_000L;
    private double value;

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private static EncodedDiff diff(String name, double value) {
        return MESSAGES.encode(new DiffView(name, List.of("VALUE"), value, null, (long) (value * 1000), "NO_ALARM",
                "NO_ALARM", true));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> namesIn(JsonNode message) {
        List<String> names = new ArrayList<>();
        message.path("diffs").forEach(diff -> names.add(diff.path("name").asText()));
        return names;
    }

    /** One batching window of a client that takes every message at once: what was sent in it. */
    private List<JsonNode> window(ClientSession session) {
        now += WINDOW;
        List<JsonNode> sent = new ArrayList<>();
        Outcome outcome = session.tick(now);
        while (outcome.send() != null) {
            sent.add(parse(outcome.send()));
            outcome = session.onSent(true);
        }
        assertThat(outcome.close()).as("closed in a window").isNull();
        return sent;
    }

    private ClientSession subscribedSession(String pv) {
        ClientSession session = new ClientSession(SETTINGS, MESSAGES, now);
        InitialStateRequest load = session.onRequest(new Subscribe("s", List.of(pv), List.of())).load();
        assertThat(session.snapshotLoaded(load, new InitialStateLoader.InitialState(List.of(), List.of(), false)).send())
                .contains("\"snapshot\"");
        assertThat(session.onSent(true).send()).isNull();
        return session;
    }

    @Test
    void everyKindOfBadMessageGetsAnErrorAndTheSubscriptionKeepsStreaming() {
        ClientSession session = subscribedSession("SIM:A");
        int errors = 0;
        for (String bad : BAD) {
            // a 10 Hz PV: one update per window, before and after the bad message
            session.offer(diff("SIM:A", ++value));
            Outcome answer = session.onRequest(parser.parse(bad));
            assertThat(answer.close()).as(bad).isNull();
            if (answer.send() != null) { // the connection was free: the error goes out at once
                assertThat(parse(answer.send()).path("type").asText()).as(bad).isEqualTo("error");
                errors++;
                assertThat(session.onSent(true).send()).isNull();
            }
            List<JsonNode> sent = window(session);
            assertThat(sent).as("after %s", bad).anySatisfy(message -> {
                assertThat(message.path("type").asText()).isEqualTo("diffs");
                assertThat(namesIn(message)).containsExactly("SIM:A");
                assertThat(message.path("diffs").get(0).path("value").asDouble()).isEqualTo(value);
            });
            // the next heartbeat interval: the bad-message count starts again, so the limit of 2 is never hit
            now += HEARTBEAT.toNanos();
            assertThat(window(session)).extracting(m -> m.path("type").asText()).contains("heartbeat");
        }
        assertThat(errors).isEqualTo(BAD.size());
        assertThat(session.isClosed()).isFalse();
    }

    @Test
    void anErrorQueuedBehindADiffsMessageDoesNotHoldBackTheNextWindows() {
        ClientSession session = subscribedSession("SIM:A");
        session.offer(diff("SIM:A", ++value));
        now += WINDOW;
        assertThat(session.tick(now).send()).contains("\"diffs\""); // in flight, not yet written
        assertThat(session.onRequest(parser.parse("{\"op\":\"subscribe\"}")).send()).as("waits").isNull();
        assertThat(session.onRequest(parser.parse("{")).send()).as("waits").isNull();

        Outcome next = session.onSent(true);
        assertThat(parse(next.send()).path("type").asText()).isEqualTo("error");
        assertThat(parse(session.onSent(true).send()).path("type").asText()).isEqualTo("error");
        assertThat(session.onSent(true).send()).isNull();
        for (int i = 0; i < 10; i++) {
            session.offer(diff("SIM:A", ++value));
            assertThat(window(session)).singleElement().satisfies(m -> assertThat(namesIn(m)).containsExactly("SIM:A"));
        }
    }

    @Test
    void oneBadMessageMoreThanTheLimitInOneIntervalCloses() {
        ClientSession session = subscribedSession("SIM:A");
        for (int i = 0; i < SETTINGS.maxBadMessages(); i++) {
            assertThat(session.onRequest(parser.parse("{\"op\":1}")).close()).isNull();
            session.onSent(true);
        }
        Outcome third = session.onRequest(parser.parse("{\"op\":1}"));
        assertThat(third.close()).isNotNull();
        assertThat(third.close().code()).isEqualTo(Outcome.POLICY_VIOLATION);
    }

    @Test
    void aSecondSubscribeHoldsBackOnlyItsOwnPvsWhileItsSnapshotLoads() {
        ClientSession session = subscribedSession("SIM:A");
        InitialStateRequest loading = session.onRequest(new Subscribe("2", List.of("SIM:B"), List.of("SIM:C*"))).load();
        for (int i = 0; i < 5; i++) {
            session.offer(diff("SIM:A", ++value));
            session.offer(diff("SIM:B", value));
            session.offer(diff("SIM:C1", value));
            assertThat(window(session)).as("the first subscription streams on").singleElement()
                    .satisfies(m -> assertThat(namesIn(m)).containsExactly("SIM:A"));
        }
        session.offer(diff("SIM:A", ++value));
        JsonNode snapshot = parse(session.snapshotLoaded(loading, new InitialStateLoader.InitialState(List.of(), List.of(),
                false)).send());
        assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
        session.onSent(true);
        List<JsonNode> sent = window(session);
        assertThat(sent).singleElement().satisfies(m ->
                assertThat(namesIn(m)).containsExactlyInAnyOrder("SIM:A", "SIM:B", "SIM:C1"));

        // re-subscribing to a PV already held: its own diffs wait for the new snapshot, others do not
        InitialStateRequest again = session.onRequest(new Subscribe("3", List.of("SIM:A"), List.of())).load();
        session.offer(diff("SIM:A", ++value));
        session.offer(diff("SIM:B", value));
        assertThat(window(session)).singleElement().satisfies(m -> assertThat(namesIn(m)).containsExactly("SIM:B"));
        session.snapshotFailed(again, "test");
        session.onSent(true);
        assertThat(window(session)).singleElement().satisfies(m -> assertThat(namesIn(m)).containsExactly("SIM:A"));
    }

    @Test
    void aFailedWriteClosesTheConnectionRatherThanLeavingItSilent() {
        ClientSession session = subscribedSession("SIM:A");
        session.offer(diff("SIM:A", ++value));
        now += WINDOW;
        session.tick(now);
        Outcome failed = session.onSent(false);
        assertThat(failed.close()).isNotNull();
        assertThat(failed.close().code()).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(session.isClosed()).isTrue();
        assertThat(session.onSent(false)).as("only once").isEqualTo(Outcome.NONE);
    }

    /** The whole text path: JSON text in, parser, session, sink; snapshots load on the calling thread. */
    @Test
    void throughWsClientTheDiffsOfAValidSubscriptionKeepComingAfterBadMessages() {
        RecordingSink sink = new RecordingSink();
        InitialStateLoader loader = (pvs, patterns, cap) -> new InitialStateLoader.InitialState(
                List.of(JSON.createObjectNode().put("name", "SIM:A").put("value", 0.0)), List.of(), false);
        ClientSession session = new ClientSession(SETTINGS, MESSAGES, now);
        WsClient client = new WsClient("c1", session, sink, parser, loader, ids -> List.of(), Runnable::run, timers,
                SETTINGS.maxSubscriptions(), () -> { });

        client.onText("{\"type\":\"subscribe\",\"id\":\"1\",\"pvs\":[\"SIM:A\"]}");
        assertThat(sink.types()).containsExactly("snapshot");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                client.offerAll(List.of(diff("SIM:A", ++value), diff("SIM:OTHER", value)));
                now += WINDOW;
                client.tick(now);
            }
            client.onText("{\"op\":\"subscribe\",\"pvs\":[\"SIM:B\"]}");
            client.onBinary();
            now += HEARTBEAT.toNanos(); // a new interval each round: 2 bad messages each, within the limit
            client.tick(now);
        }
        for (int i = 0; i < 5; i++) {
            client.offerAll(List.of(diff("SIM:A", ++value)));
            now += WINDOW;
            client.tick(now);
        }

        assertThat(sink.closed).isNull();
        assertThat(sink.types()).filteredOn("error"::equals).hasSize(6);
        List<JsonNode> diffs = sink.ofType("diffs");
        assertThat(diffs).hasSize(20).allSatisfy(m -> assertThat(namesIn(m)).containsExactly("SIM:A"));
        assertThat(diffs.get(diffs.size() - 1).path("diffs").get(0).path("value").asDouble()).isEqualTo(value);
    }

    /** A sink whose writes complete at once, keeping what was sent. */
    private static final class RecordingSink implements MessageSink {
        final List<JsonNode> sent = new CopyOnWriteArrayList<>();
        volatile String closed;

        @Override
        public void send(String text, Consumer<Boolean> done) {
            sent.add(parse(text));
            done.accept(true); // written at once, on the sending thread, as Jetty may do
        }

        @Override
        public void close(int code, String reason) {
            closed = code + " " + reason;
        }

        @Override
        public void disconnect() {
        }

        List<String> types() {
            return sent.stream().map(m -> m.path("type").asText()).toList();
        }

        List<JsonNode> ofType(String type) {
            return sent.stream().filter(m -> m.path("type").asText().equals(type)).toList();
        }
    }
}
