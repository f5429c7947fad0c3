package io.pvstream.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real WebSocket client ({@code java.net.http}) of {@code /api/v1/ws} that keeps every message with the
 * time it arrived. A slow one stops asking for messages after its first snapshot ({@code request(n)} flow
 * control): it then takes nothing from the socket, as a client that cannot keep up.
 */
final class WebSocketTestClient implements WebSocket.Listener, AutoCloseable {

    /** A received message and when it was complete (epoch ns, the clock the IOC stamps with). */
    record Received(JsonNode json, long receivedNs) {
        String type() {
            return json.path("type").asText();
        }
    }

    record Closed(int code, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Received> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final boolean stopAfterSnapshot;
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean paused;
    private final WebSocket socket;

    private WebSocketTestClient(int port, boolean stopAfterSnapshot) {
        this.stopAfterSnapshot = stopAfterSnapshot;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + TestPlatform.ADMIN_KEY) // needed only with closed reads
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), this)
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    static WebSocketTestClient connect(int port) {
        return new WebSocketTestClient(port, false);
    }

    /** A client that reads until its first snapshot is complete, then stops reading until {@link #resume}. */
    static WebSocketTestClient connectSlow(int port) {
        return new WebSocketTestClient(port, true);
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void resume() {
        paused = false;
        socket.request(Long.MAX_VALUE);
    }

    /** Messages of one type received so far. */
    List<Received> ofType(String type) {
        List<Received> out = new ArrayList<>();
        for (Received message : received) {
            if (message.type().equals(type)) {
                out.add(message);
            }
        }
        return out;
    }

    /** The first message matching {@code condition}, waiting up to {@code timeout} (polling, no sleep). */
    Received await(Predicate<Received> condition, Duration timeout) {
        Received[] found = new Received[1];
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (Received message : received) {
                if (condition.test(message)) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /**
     * Sends a subscribe until it is answered with a snapshot, as a client should: an {@code unavailable}
     * error means the stores could not answer (Streams still settling) and the subscription was not made.
     */
    Received subscribe(String message, Duration timeout) {
        Received[] snapshot = new Received[1];
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            int seen = received.size();
            send(message);
            Received answer = await(m -> received.indexOf(m) >= seen
                    && (m.type().equals("snapshot") || m.type().equals("error")), Duration.ofSeconds(10));
            if (answer.type().equals("error") && !answer.json().path("error").asText().equals("unavailable")) {
                throw new AssertionError("subscribe refused: " + answer.json());
            }
            snapshot[0] = answer.type().equals("snapshot") ? answer : null;
            return snapshot[0] != null;
        });
        return snapshot[0];
    }

    /** Diff entries of every diffs message, in order. */
    List<JsonNode> diffs() {
        List<JsonNode> out = new ArrayList<>();
        ofType("diffs").forEach(message -> message.json().path("diffs").forEach(out::add));
        return out;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            Instant now = Instant.now();
            JsonNode json;
            try {
                json = JSON.readTree(partial.toString());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + partial, e);
            }
            partial.setLength(0);
            received.add(new Received(json, now.getEpochSecond() * 1_000_000_000L + now.getNano()));
            if (stopAfterSnapshot && json.path("type").asText().equals("snapshot")) {
                paused = true;
            }
        }
        if (!paused) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, String.valueOf(error)));
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }
}
